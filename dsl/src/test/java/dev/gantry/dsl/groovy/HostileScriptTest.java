package dev.gantry.dsl.groovy;

import dev.gantry.dsl.LoadedWorkflow;
import dev.gantry.dsl.WorkflowFiles;
import dev.gantry.dsl.validate.ValidationOptions;
import dev.gantry.engine.diagnostic.Diagnostic;
import dev.gantry.engine.diagnostic.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scripts written to break the loader (issue 11): each ends in findings at a line of the script, within the limits,
 * and one bad file never takes the others' results with it.
 */
class HostileScriptTest {
    private static final String HEAD = "workflow('w') {\n  action('A') {\n    identifier 'aws/build@v1'\n";

    @TempDir
    Path dir;

    private static List<String> found(LoadedWorkflow w) {
        return w.diagnostics().stream().map(d -> d.position().line() + ":" + d.severity().label() + ":" + d.rule())
                .toList();
    }

    private static void everyFindingHasAPosition(LoadedWorkflow w) {
        assertThat(w.diagnostics()).allSatisfy(d -> assertThat(d.position().known()).as(d.format()).isTrue());
        assertThat(w.diagnostics()).noneMatch(d -> d.rule().equals("file-read") || d.rule().equals("internal-error"));
    }

    private static String repeat(String head, String each, int times, String tail) {
        return head + each.repeat(times) + tail;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "1,000-term concatenation | def x = 'a' | + 'a' | 1000 | ",
        "1,000 chained collects   | def x = [1] | .collect { it } | 1000 | ",
        "2,000 elvis operators    | def x = | null ?: | 2000 | 'a'"})
    void deepExpressionsEndInAFindingOrLoad(String name, String head, String each, int times, String tail) {
        String script = repeat(head, each, times, tail == null ? "" : tail) + "\n" + HEAD
                + "    configuration { steps { sh x.toString().take(3) } }\n  }\n}\n";
        LoadedWorkflow w = new GroovyWorkflowLoader().load(script, "deep.groovy");
        everyFindingHasAPosition(w);
        assertThat(w.diagnostics()).filteredOn(d -> d.severity() == Severity.ERROR)
                .allSatisfy(d -> assertThat(d.rule()).isIn("groovy-compile", "groovy-limit"));
    }

    @Test
    void aHugeTextUsedInManyStepsIsStoppedAtItsLine() {
        String script = "def big = 'x' * 20000000\n" + HEAD + "    configuration { steps {\n"
                + "      (1..200).each { sh big }\n    } }\n  }\n}\n";
        long start = System.nanoTime();
        LoadedWorkflow w = new GroovyWorkflowLoader().load(script, "big.groovy");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        assertThat(found(w)).containsExactly("6:error:groovy-limit");
        assertThat(w.diagnostics().get(0).message()).contains("characters of text", "this value alone has 20000000");
    }

    @Test
    void anExportOverTheServiceLimitIsSaidToBeTheExportAtTheWorkflowLine() {
        String script = "def line = 'x' * 1500\n" + HEAD + "    configuration { steps {\n"
                + "      (1..200).each { sh line }\n    } }\n  }\n}\n";
        LoadedWorkflow w = new GroovyWorkflowLoader().load(script, "export.groovy");
        assertThat(w.diagnostics()).extracting(d -> d.position().line() + " " + d.rule() + " " + d.message())
                .contains("2 file-size the YAML this script exports is 297 KB; CodeCatalyst ignores workflow files "
                        + "over 256 KB");
    }

    @ParameterizedTest
    @CsvSource({"250000", "100000"})
    void aPropertyWithTooManyValuesIsStoppedAtItsLine(int n) {
        String script = HEAD + "    configuration {\n      property 'X', (1.." + n + ").toList()\n    }\n  }\n}\n";
        LoadedWorkflow w = new GroovyWorkflowLoader().load(script, "many.groovy");
        assertThat(found(w)).containsExactly("5:error:groovy-limit");
        assertThat(w.diagnostics().get(0).message()).contains("more than 20000 values");
    }

    @Test
    void aScriptBuildingAHugeListIsStoppedWithinTheLimit() {
        GroovyLimits limits = GroovyLimits.DEFAULT.withTime(Duration.ofSeconds(8));
        String script = "def all = (1..Integer.MAX_VALUE).toList()\n" + HEAD + "  }\n}\n";
        long start = System.nanoTime();
        LoadedWorkflow w = new GroovyWorkflowLoader(limits).load(script, "huge.groovy");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        // 8 s of CPU time (48 s of wall clock at most), or the 1 GiB allocation budget, plus the time to stop it
        assertThat(took).isLessThan(Duration.ofSeconds(8 * 6 + 5));
        assertThat(found(w)).hasSize(1).first().asString().matches("1:error:groovy-(limit|timeout)");
    }

    @Test
    void aTimedOutScriptThatKeepsWritingIsReportedAsATimeout() {
        GroovyLimits limits = new GroovyLimits(Duration.ofSeconds(8), Long.MAX_VALUE, 200, Integer.MAX_VALUE,
                Long.MAX_VALUE);
        String script = HEAD + "    configuration {\n      int i = 0\n"
                + "      while (true) { property \"p${i++ % 1000}\", 'x' }\n    }\n  }\n}\n";
        LoadedWorkflow w = new GroovyWorkflowLoader(limits).load(script, "busy.groovy");
        assertThat(found(w)).containsExactly("6:error:groovy-timeout");
        assertThat(w.workflow()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "dependsOn 'A', null                          | DependsOn",
        "inputs { sources 'WorkflowSource', null }    | Sources",
        "outputs { variables 'X', null }              | Variables",
        "outputs { artifact 'a', files: ['x', null] } | Files",
        "caching { fileCache 'c', path: 'p', restoreKeys: [null] } | RestoreKeys",
        "outputs { autoDiscoverReports(reportNamePrefix: 'r', includePaths: [null, '**/*']) }  | IncludePaths"})
    void nullsInDslListsGetTheFindingYamlGives(String line, String key) {
        String script = HEAD + "    " + line + "\n    configuration { steps { sh 'x' } }\n  }\n}\n";
        LoadedWorkflow w = new GroovyWorkflowLoader().load(script, "nulls.groovy");
        everyFindingHasAPosition(w);
        assertThat(w.diagnostics()).filteredOn(d -> d.rule().equals("empty-item"))
                .extracting(d -> d.position().line() + " " + d.severity().label() + " " + d.message())
                .containsExactly("4 warning an item of " + key + " has no value (null); it is ignored");
        assertThat(w.diagnostics()).noneMatch(d -> d.rule().startsWith("groovy"));
    }

    @Test
    void nullsInTriggerBranchesAndMatrixAxesToo() {
        String script = "workflow('w') {\n  trigger push(branches: [null, 'main'])\n"
                + "  matrix('m', a: [null, 1]) { axes ->\n    identifier 'aws/build@v1'\n"
                + "    configuration { steps { sh 'x' } }\n  }\n}\n";
        LoadedWorkflow w = new GroovyWorkflowLoader().load(script, "nulls.groovy");
        everyFindingHasAPosition(w);
        assertThat(found(w)).contains("2:warning:empty-item", "3:warning:empty-item");
        assertThat(w.workflow().actions()).extracting(a -> a.name()).containsExactly("m_1");
    }

    @Test
    void theSameMistakeInYamlGivesTheSameFinding() {
        String yaml = "Name: w\nSchemaVersion: \"1.0\"\nActions:\n  A:\n    Identifier: aws/build@v1\n"
                + "    DependsOn: [B, null]\n    Configuration:\n      Steps:\n        - Run: x\n"
                + "  B:\n    Identifier: aws/build@v1\n    Configuration:\n      Steps:\n        - Run: x\n";
        LoadedWorkflow w = new dev.gantry.dsl.yaml.YamlWorkflowLoader().parse(yaml, "w.yaml");
        assertThat(w.diagnostics()).extracting(Diagnostic::format).containsExactly(
                "w.yaml:6:20: warning: an item of DependsOn has no value (null); it is ignored [empty-item]");
    }

    @Test
    void lexerErrorsBecomeAFindingAndPrintNothing() {
        String script = "workflow('w') {\n  action('A') {\n    configuration { steps { sh \"echo !${1+2} } }\n"
                + "    ef m = 1\n  }\n}\n";
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        LoadedWorkflow w;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            w = new GroovyWorkflowLoader().load(script, "lex.groovy");
        } finally {
            System.setErr(original);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(found(w)).containsExactly("3:error:groovy-compile");
    }

    @Test
    void aFolderWithOneBadScriptStillReportsEveryFile() throws IOException {
        Files.writeString(dir.resolve("a-deep.groovy"), "def x = 'a'" + "+'a'".repeat(60000) + "\n");
        Files.writeString(dir.resolve("b-good.yaml"), "Name: w\nSchemaVersion: \"1.0\"\nActions:\n  A:\n"
                + "    Identifier: aws/build@v1\n    Configuration:\n      Steps:\n        - Run: x\n");
        WorkflowFiles files = new WorkflowFiles(ValidationOptions.DEFAULT);
        List<LoadedWorkflow> all = WorkflowFiles.find(dir).stream()
                .map(p -> files.load(p, p.getFileName().toString())).toList();
        assertThat(all).hasSize(2);
        assertThat(all.get(0).diagnostics()).isNotEmpty().allSatisfy(d -> assertThat(d.position().known()).isTrue());
        assertThat(all.get(1).workflow()).isNotNull();
    }
}
