package dev.gantry.cli.workflow;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkflowLocatorTest {
    @TempDir
    Path repo;

    private Path workflow(String relative, String name) throws IOException {
        Path f = repo.resolve(".codecatalyst/workflows").resolve(relative);
        Files.createDirectories(f.getParent());
        Files.writeString(f, "# a workflow\nName: " + name + "\nSchemaVersion: \"1.0\"\nActions: {}\n");
        return f;
    }

    @Test
    void noArgumentPicksTheOnlyWorkflow() throws Exception {
        Path f = workflow("main.yaml", "Main");
        WorkflowLocator.LocatedWorkflow found = new WorkflowLocator(repo).locate(null);
        assertThat(found.path()).isEqualTo(f);
        assertThat(found.displayName()).isEqualTo(".codecatalyst/workflows/main.yaml");
    }

    @Test
    void noArgumentWithSeveralWorkflowsListsThem() throws Exception {
        workflow("a.yaml", "Alpha");
        workflow("sub/b.yml", "Beta");
        assertThatThrownBy(() -> new WorkflowLocator(repo).locate(null))
                .hasMessage("2 workflows in .codecatalyst/workflows; name one: "
                        + "Alpha (.codecatalyst/workflows/a.yaml), Beta (.codecatalyst/workflows/sub/b.yml)");
    }

    @Test
    void noArgumentWithoutWorkflowsSaysSo() {
        assertThatThrownBy(() -> new WorkflowLocator(repo).locate(null))
                .hasMessageStartingWith("no workflow files (.yaml, .yml, .groovy) in .codecatalyst/workflows");
    }

    @Test
    void dslWorkflowsUnderDotGantryAreFoundByArgumentlessCallsAndByName() throws Exception {
        Path dsl = repo.resolve(".gantry/workflows/matrix.groovy");
        Files.createDirectories(dsl.getParent());
        Files.writeString(dsl, "workflow('build-matrix') {\n}\n");
        assertThat(new WorkflowLocator(repo).locate(null).path()).isEqualTo(dsl);
        workflow("a.yaml", "Alpha");
        assertThat(new WorkflowLocator(repo).locate("build-matrix").path()).isEqualTo(dsl);
        assertThat(new WorkflowLocator(repo).locate("Alpha").path().getFileName().toString()).isEqualTo("a.yaml");
        assertThatThrownBy(() -> new WorkflowLocator(repo).locate(null))
                .hasMessageContaining("build-matrix (.gantry/workflows/matrix.groovy)");
    }

    @Test
    void findsByDeclaredNameIncludingQuotedNames() throws Exception {
        workflow("a.yaml", "Alpha");
        Path b = workflow("nested/deep/b.yaml", "\"Beta-2\"  # comment");
        assertThat(new WorkflowLocator(repo).locate("Beta-2").path()).isEqualTo(b);
        assertThat(new WorkflowLocator(repo).locate("b").path()).isEqualTo(b);
    }

    @Test
    void unknownNameSuggestsTheClosest() throws Exception {
        workflow("a.yaml", "Release");
        workflow("b.yaml", "Test");
        assertThatThrownBy(() -> new WorkflowLocator(repo).locate("Relase"))
                .hasMessageContaining("no workflow named 'Relase' in .codecatalyst/workflows (did you mean "
                        + "'Release'?)");
    }

    @Test
    void aFileIsTakenAsGiven() throws Exception {
        Path f = workflow("a.yaml", "Alpha");
        WorkflowLocator.LocatedWorkflow found =
                new WorkflowLocator(repo).locate(".codecatalyst/workflows/a.yaml");
        assertThat(found.path()).isEqualTo(f);
        assertThat(found.displayName()).isEqualTo(".codecatalyst/workflows/a.yaml");
        assertThatThrownBy(() -> new WorkflowLocator(repo).locate("missing.yaml"))
                .hasMessage("no such file: missing.yaml");
    }

    @Test
    void aFolderMeansItsOnlyWorkflow(@TempDir Path elsewhere) throws Exception {
        Path f = workflow("a.yaml", "Alpha");
        WorkflowLocator.LocatedWorkflow found = new WorkflowLocator(elsewhere).locate(repo.toString());
        assertThat(found.path()).isEqualTo(f);
        assertThat(new WorkflowLocator(repo).locate(".").path()).isEqualTo(f);
    }

    @Test
    void declaredNameReadsThePlainTopLevelLine() throws Exception {
        Path f = repo.resolve("w.yaml");
        Files.writeString(f, "Actions:\n  Build:\n    Name: x\nName: Top # comment\n");
        assertThat(WorkflowLocator.declaredName(f)).contains("Top");
    }
}
