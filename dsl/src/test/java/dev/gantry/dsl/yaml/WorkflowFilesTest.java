package dev.gantry.dsl.yaml;

import dev.gantry.dsl.LoadedWorkflow;
import dev.gantry.dsl.WorkflowFiles;
import dev.gantry.dsl.validate.ValidationOptions;
import dev.gantry.engine.diagnostic.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link WorkflowFiles}: dispatch by extension, validation after loading, finding files in folders. */
class WorkflowFilesTest {
    private static final String WORKFLOW = """
            Name: Files
            SchemaVersion: "1.0"
            Actions:
              Build:
                Identifier: aws/build@v1
                DependsOn: [Setup]
                Inputs:
                  Sources: [WorkflowSource]
                Configuration:
                  Steps:
                    - Run: make
            """;

    @TempDir
    Path dir;

    private final WorkflowFiles files = new WorkflowFiles(ValidationOptions.DEFAULT);

    @Test
    void loadsYamlThenRunsTheValidator() throws IOException {
        Path file = Files.writeString(dir.resolve("w.yml"), WORKFLOW);
        LoadedWorkflow loaded = files.load(file, "w.yml");
        assertThat(loaded.workflow()).isNotNull();
        assertThat(loaded.diagnostics()).extracting(Diagnostic::rule).containsExactly("depends-on-unknown");
        assertThat(new YamlWorkflowLoader().load(file, "w.yml").diagnostics()).isEmpty();
    }

    @Test
    void warnsThatTheServiceIgnoresUpperCaseExtensions() throws IOException {
        Path file = Files.writeString(dir.resolve("w.YAML"), WORKFLOW.replace("DependsOn: [Setup]", "Timeout: 60"));
        assertThat(files.load(file, "w.YAML").diagnostics()).extracting(Diagnostic::format).containsExactly(
                "w.YAML: warning: CodeCatalyst only reads workflow files whose extension is lower case (.yaml or "
                        + ".yml); it ignores this one [file-name]");
    }

    @Test
    void refusesOtherFiles() throws IOException {
        Path file = Files.writeString(dir.resolve("w.json"), "{}");
        LoadedWorkflow loaded = files.load(file, "w.json");
        assertThat(loaded.workflow()).isNull();
        assertThat(loaded.diagnostics()).extracting(Diagnostic::rule).containsExactly("file-type");
    }

    @Test
    void skipsTheValidatorWhenThereIsNoModel() throws IOException {
        Path file = Files.writeString(dir.resolve("broken.yaml"), "Name: [");
        assertThat(files.load(file, "broken.yaml").diagnostics()).extracting(Diagnostic::rule)
                .containsExactly("yaml-syntax");
    }

    @Test
    void findsLowerCaseYamlFilesInSubFoldersInOrder() throws IOException {
        Files.createDirectories(dir.resolve("b/c"));
        for (String name : new String[] {"z.yaml", "a.yml", "b/c/d.yaml", "b/e.YAML", "notes.md", "b/f.yaml.bak"}) {
            Files.writeString(dir.resolve(name), WORKFLOW);
        }
        Files.createDirectories(dir.resolve("folder.yaml"));
        assertThat(WorkflowFiles.find(dir)).extracting(p -> dir.relativize(p).toString().replace('\\', '/'))
                .containsExactly("a.yml", "b/c/d.yaml", "z.yaml");
    }
}
