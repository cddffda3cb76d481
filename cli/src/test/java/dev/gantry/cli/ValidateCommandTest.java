package dev.gantry.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code gantry validate}, run in-process: output formats, exit codes, file discovery, colour. */
class ValidateCommandTest {
    private static final String CLEAN = """
            Name: Clean
            SchemaVersion: "1.0"
            Actions:
              Build:
                Identifier: aws/build@v1
                Inputs:
                  Sources: [WorkflowSource]
                Configuration:
                  Steps:
                    - Run: make
            """;
    private static final String TYPO = """
            Name: Typo
            SchemaVersion: "1.0"
            Actions:
              Build:
                Identifier: aws/build@v1
                Inputs:
                  Sources: [WorkflowSource]
                Configuration:
                  Steps:
                    - Run: make
                Timeout: sixty
            """;
    /** Valid, but a build action without inputs only earns a warning. */
    private static final String WARNING_ONLY = """
            Name: NoInputs
            SchemaVersion: "1.0"
            Actions:
              Build:
                Identifier: aws/build@v1
                Configuration:
                  Steps:
                    - Run: make
            """;

    @TempDir
    Path repo;
    private Path workflows;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void setUp() throws IOException {
        workflows = Files.createDirectories(repo.resolve(".codecatalyst/workflows"));
    }

    private int run(Map<String, String> env, boolean terminal, String... args) {
        CommandLine cl = GantryCommand.configure(new CommandLine(new ValidateCommand(repo, repo.resolve("home"), env,
                terminal)));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private int run(String... args) {
        return run(Map.of(), false, args);
    }

    private void write(String relative, String text) throws IOException {
        Path file = repo.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void cleanWorkflowsExitZeroWithASummary() throws IOException {
        write(".codecatalyst/workflows/clean.yaml", CLEAN);
        assertThat(run()).isEqualTo(0);
        assertThat(out.toString()).isEqualTo("no problems found in 1 file\n");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void errorsPrintTheLineWithACaretAndExitOne() throws IOException {
        write(".codecatalyst/workflows/typo.yaml", TYPO);
        assertThat(run()).isEqualTo(1);
        assertThat(out.toString()).isEqualTo("""
                .codecatalyst/workflows/typo.yaml:11:14: error: Timeout (minutes) must be a whole number, not text [type]
                   |
                11 |     Timeout: sixty
                   |              ^~~~~
                1 error in 1 of 1 file
                """);
    }

    @Test
    void warningsAloneExitZero() throws IOException {
        write(".codecatalyst/workflows/warn.yaml", WARNING_ONLY);
        assertThat(run()).isEqualTo(0);
        assertThat(out.toString()).contains("warning:").endsWith("1 warning in 1 of 1 file\n");
    }

    @Test
    void findsWorkflowsInSubFoldersWithLowerCaseExtensionsOnly() throws IOException {
        write(".codecatalyst/workflows/a.yaml", CLEAN);
        write(".codecatalyst/workflows/team/b.yml", CLEAN);
        write(".codecatalyst/workflows/c.YAML", TYPO);
        write(".codecatalyst/workflows/notes.txt", "not a workflow");
        assertThat(run("--format", "json")).isEqualTo(0);
        assertThat(out.toString()).isEqualTo("[]\n");
        out.getBuffer().setLength(0);
        assertThat(run()).isEqualTo(0);
        assertThat(out.toString()).isEqualTo("no problems found in 2 files\n");
    }

    @Test
    void checksTheFilesAndFoldersGivenAndNamesThemAsGiven() throws IOException {
        write("one.yaml", TYPO);
        write("more/two.yaml", CLEAN);
        write("more/deeper/three.yml", TYPO);
        assertThat(run("one.yaml", "more/", "one.yaml")).isEqualTo(1);
        assertThat(out.toString().lines().filter(l -> l.contains(": error:")).toList()).containsExactly(
                "one.yaml:11:14: error: Timeout (minutes) must be a whole number, not text [type]",
                "more/deeper/three.yml:11:14: error: Timeout (minutes) must be a whole number, not text [type]");
        assertThat(out.toString()).endsWith("2 errors in 2 of 3 files\n");
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonIsAnArrayOfDiagnostics() throws IOException {
        write(".codecatalyst/workflows/typo.yaml", TYPO);
        write(".codecatalyst/workflows/big.yaml", "# " + "x".repeat(300 * 1024));
        assertThat(run("--format", "json")).isEqualTo(1);
        List<Object> all = (List<Object>) MiniJson.parse(out.toString());
        Map<String, Object> big = new HashMap<>();
        big.put("file", ".codecatalyst/workflows/big.yaml");
        big.put("line", null);
        big.put("column", null);
        big.put("severity", "error");
        big.put("rule", "file-size");
        big.put("message", "the file is 301 KB; CodeCatalyst ignores workflow files over 256 KB");
        assertThat(all).containsExactly(big,
                Map.of("file", ".codecatalyst/workflows/typo.yaml", "line", 11L, "column", 14L, "severity", "error",
                        "rule", "type", "message", "Timeout (minutes) must be a whole number, not text"));
    }

    @Test
    void sarifIsAValidLogWithRulesAndRelativeLocations() throws IOException {
        write(".codecatalyst/workflows/typo.yaml", TYPO);
        write(".codecatalyst/workflows/warn.yaml", WARNING_ONLY);
        assertThat(run("--format", "sarif")).isEqualTo(1);
        Map<?, ?> log = (Map<?, ?>) MiniJson.parse(out.toString());
        assertThat(log.get("version")).isEqualTo("2.1.0");
        assertThat((String) log.get("$schema")).contains("sarif-2.1.0");
        Map<?, ?> run = (Map<?, ?>) ((List<?>) log.get("runs")).get(0);
        Map<?, ?> driver = (Map<?, ?>) ((Map<?, ?>) run.get("tool")).get("driver");
        assertThat(driver.get("name")).isEqualTo("gantry");
        List<?> rules = (List<?>) driver.get("rules");
        List<?> results = (List<?>) run.get("results");
        assertThat(results).hasSize(2);
        for (Object o : results) {
            Map<?, ?> result = (Map<?, ?>) o;
            Map<?, ?> rule = (Map<?, ?>) rules.get(((Long) result.get("ruleIndex")).intValue());
            assertThat(rule.get("id")).isEqualTo(result.get("ruleId"));
            assertThat(((Map<?, ?>) rule.get("shortDescription")).get("text")).asString().isNotBlank();
        }
        Map<?, ?> typo = (Map<?, ?>) results.get(0);
        assertThat(typo.get("ruleId")).isEqualTo("type");
        assertThat(typo.get("level")).isEqualTo("error");
        Map<?, ?> location = (Map<?, ?>) ((Map<?, ?>) ((List<?>) typo.get("locations")).get(0)).get("physicalLocation");
        assertThat(location.get("artifactLocation"))
                .isEqualTo(Map.of("uri", ".codecatalyst/workflows/typo.yaml", "uriBaseId", "%SRCROOT%"));
        assertThat(location.get("region")).isEqualTo(Map.of("startLine", 11L, "startColumn", 14L));
        assertThat(((Map<?, ?>) results.get(1)).get("level")).isEqualTo("warning");
        Map<?, ?> base = (Map<?, ?>) ((Map<?, ?>) run.get("originalUriBaseIds")).get("%SRCROOT%");
        assertThat((String) base.get("uri")).startsWith("file:").endsWith("/");
    }

    @Test
    void sarifOfACleanRunHasNoResults() throws IOException {
        write(".codecatalyst/workflows/clean.yaml", CLEAN);
        assertThat(run("--format", "SARIF")).isEqualTo(0);
        Map<?, ?> run = (Map<?, ?>) ((List<?>) ((Map<?, ?>) MiniJson.parse(out.toString())).get("runs")).get(0);
        assertThat((List<?>) run.get("results")).isEmpty();
    }

    @Test
    void colourOnlyOnATerminalOrWhenAskedAndNeverWithNoColor() throws IOException {
        write(".codecatalyst/workflows/typo.yaml", TYPO);
        run(Map.of(), false);
        assertThat(out.toString()).doesNotContain("\u001b[");
        out.getBuffer().setLength(0);
        run(Map.of(), true);
        assertThat(out.toString()).contains("\u001b[1;31merror:\u001b[0m");
        out.getBuffer().setLength(0);
        run(Map.of("NO_COLOR", "1"), true);
        assertThat(out.toString()).doesNotContain("\u001b[");
        out.getBuffer().setLength(0);
        run(Map.of(), false, "--color", "always");
        assertThat(out.toString()).contains("\u001b[");
        out.getBuffer().setLength(0);
        run(Map.of(), true, "--color", "never");
        assertThat(out.toString()).doesNotContain("\u001b[");
    }

    @Test
    void fleetsOfConfiguredRunnersAreKnownProvisionedFleets() throws IOException {
        String provisioned = CLEAN.replace("    Identifier: aws/build@v1\n",
                "    Identifier: aws/build@v1\n    Compute: {Type: EC2, Fleet: team-fleet}\n");
        write(".codecatalyst/workflows/fleet.yaml", provisioned);
        assertThat(run()).isEqualTo(0);
        assertThat(out.toString()).contains("[fleet-unknown]").endsWith("1 warning in 1 of 1 file\n");
        out.getBuffer().setLength(0);
        write("gantry.yaml", "runners:\n  - name: box\n    kind: local\n    fleets: [team-fleet]\n");
        assertThat(run()).isEqualTo(0);
        assertThat(out.toString()).isEqualTo("no problems found in 1 file\n");
    }

    @Test
    void anInvalidConfigurationIsAUsageError() throws IOException {
        write(".codecatalyst/workflows/clean.yaml", CLEAN);
        write("other.yaml", "runners: nope\n");
        assertThat(run("--config", "other.yaml")).isEqualTo(2);
        assertThat(err.toString()).contains("other.yaml:1:10: error:")
                .contains("gantry: the configuration is not valid");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aMissingPathExitsTwoAfterCheckingTheOthers() throws IOException {
        write("ok.yaml", CLEAN);
        assertThat(run("nope.yaml", "ok.yaml")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("gantry: nope.yaml: no such file or folder\n");
        assertThat(out.toString()).isEqualTo("no problems found in 1 file\n");
    }

    @Test
    void noWorkflowsFolderExitsTwo() throws IOException {
        Files.delete(workflows);
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).startsWith("gantry: there is no .codecatalyst/workflows/ folder in ");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anEmptyFolderExitsTwo() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).isEqualTo(
                "gantry: .codecatalyst/workflows: no workflow files (.yaml, .yml, .groovy) in this folder\n");
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        CommandLine cl = GantryCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute("validate", "--format", "xml")).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).contains("'xml' is not a format: use text, json or sarif");
    }

    @Test
    void garbageNeverProducesAStackTrace() throws IOException {
        write(".codecatalyst/workflows/a.yaml", "{[");
        write(".codecatalyst/workflows/b.yaml", "\u0000\u0001");
        write(".codecatalyst/workflows/c.yml", "- just\n- a list\n");
        Files.write(workflows.resolve("d.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x41});
        Files.createDirectories(workflows.resolve("e.yaml"));
        assertThat(run()).isEqualTo(1);
        assertThat(out.toString() + err.toString()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(out.toString()).endsWith("4 errors in 4 of 4 files\n");
    }
}
