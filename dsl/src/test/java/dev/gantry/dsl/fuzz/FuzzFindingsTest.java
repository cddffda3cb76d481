package dev.gantry.dsl.fuzz;

import dev.gantry.dsl.LoadedWorkflow;
import dev.gantry.dsl.WorkflowFiles;
import dev.gantry.dsl.config.ConfigLoader;
import dev.gantry.dsl.export.WorkflowYamlWriter;
import dev.gantry.dsl.groovy.GroovyWorkflowLoader;
import dev.gantry.dsl.validate.ValidationOptions;
import dev.gantry.dsl.yaml.YamlWorkflowLoader;
import dev.gantry.engine.diagnostic.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the fuzzing harness found, kept as tests: the long region, the many assignments on one line and the lexer's
 * GroovySyntaxError failed before their fixes; the long reference is a guard for the same kind of regular expression
 * in the validator.
 */
class FuzzFindingsTest {
    @TempDir
    Path dir;

    @Test
    void aVeryLongRegionInGantryYamlIsAValueErrorNotAStackOverflow() {
        String region = "us" + "-eas".repeat(5000) + "-1";
        var loaded = new ConfigLoader(dir).parse("environments:\n  demo:\n    region: " + region + "\n",
                "gantry.yaml", dir);
        assertThat(loaded.diagnostics()).extracting(d -> d.position().line() + " " + d.rule())
                .containsExactly("3 config-value");
    }

    @Test
    void aVeryLongDottedReferenceIsNotAStackOverflow() throws IOException {
        Path f = Files.writeString(dir.resolve("w.yaml"), "Name: w\nSchemaVersion: \"1.0\"\nActions:\n  A:\n"
                + "    Identifier: aws/build@v1\n    Inputs:\n      Sources: [WorkflowSource]\n"
                + "    Configuration:\n      Steps:\n        - Run: echo ${" + "a.".repeat(20000) + "b}\n");
        LoadedWorkflow w = new WorkflowFiles(ValidationOptions.DEFAULT).load(f, "w.yaml");
        assertThat(w.diagnostics()).noneMatch(d -> d.rule().equals("internal-error"));
        assertThat(w.diagnostics()).as("a message quoting the 40 KB reference is cut to a readable length")
                .allSatisfy(d -> assertThat(d.message()).hasSizeLessThanOrEqualTo(Diagnostic.MAX_MESSAGE_CHARS + 60)
                        .contains("characters left out"));
    }

    /**
     * Reduced from the input the harness found (a step assigning an exported output variable, followed by some 700
     * {@code NAME=value} words on one line): the validator's pattern for {@code export A B ... NAME} recursed once per
     * word and overflowed the stack, which the loader reported as an internal error.
     */
    @Test
    void aStepWithVeryManyAssignmentsOnOneLineIsNotAStackOverflow() throws IOException {
        Path f = Files.writeString(dir.resolve("w.yaml"), "Name: w\nSchemaVersion: \"1.0\"\nActions:\n  A:\n"
                + "    Identifier: aws/build@v1\n    Inputs:\n      Sources: [WorkflowSource]\n"
                + "    Outputs:\n      Variables: [IMAGE]\n    Configuration:\n      Steps:\n"
                + "        - Run: export" + " IMAGE=repo/app:${WorkflowSourcport".repeat(1500) + "\n");
        LoadedWorkflow w = new WorkflowFiles(ValidationOptions.DEFAULT).load(f, "w.yaml");
        assertThat(w.diagnostics()).noneMatch(d -> d.rule().equals("internal-error"));
        assertThat(w.diagnostics()).noneMatch(d -> d.rule().equals("output-variable-undefined"));
    }

    /**
     * Reduced from the input the harness found (a U+2028 at the start of a line of a step's block literal): a multi-line step holding
     * another line break of YAML 1.1 (\\r, U+0085, U+2028, U+2029) is exported so that it loads back the same.
     */
    @ParameterizedTest
    @ValueSource(strings = {"\\r", "\\N", "\\L", "\\P"})
    void aStepHoldingAnotherLineBreakOfYaml11LoadsBackTheSameAfterExport(String escape) {
        String text = "Name: w\nSchemaVersion: \"1.0\"\nActions:\n  A:\n    Identifier: aws/build@v1\n"
                + "    Inputs:\n      Sources: [WorkflowSource]\n    Configuration:\n      Steps:\n"
                + "        - Run: \"echo one\\n" + escape + "  echo two\\n\"\n";
        YamlWorkflowLoader yaml = new YamlWorkflowLoader();
        LoadedWorkflow loaded = yaml.parse(text, "w.yaml");
        assertThat(loaded.hasErrors()).as(loaded.diagnostics().toString()).isFalse();
        String exported = new WorkflowYamlWriter().write(loaded.workflow());
        assertThat(yaml.parse(exported, "exported.yaml").workflow()).as(exported).isEqualTo(loaded.workflow());
    }

    @Test
    void aLexerThatThrowsGroovysSyntaxErrorIsACompileFinding() throws IOException {
        // reduced from the input the harness found: a quote left open by a mutated line
        String script = "def repository = 'r'\nworkflow('w') {\n  action('A') {\n    steps {\n"
                + "      sh 'a'\n            }t push ' + repository\n    }\n  }\n}\n";
        LoadedWorkflow w = new GroovyWorkflowLoader().load(script, "x.groovy");
        assertThat(w.diagnostics()).extracting(Diagnostic::rule).containsExactly("groovy-compile");
        assertThat(w.diagnostics().get(0).position().known()).isTrue();
    }
}
