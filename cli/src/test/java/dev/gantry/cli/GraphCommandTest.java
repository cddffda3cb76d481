package dev.gantry.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code gantry graph} in-process: the seed example, every format, groups and edge kinds, and the failures. */
class GraphCommandTest {
    static final Path EXAMPLES = Path.of("..", "examples");

    @TempDir
    Path repo;

    /** A release workflow with a group, a gate, a variable and an artifact edge. */
    static final String RELEASE = """
            Name: release
            SchemaVersion: "1.0"
            Actions:
              Build:
                Identifier: aws/build@v1
                Inputs:
                  Sources: [WorkflowSource]
                Outputs:
                  Artifacts:
                    - Name: site
                      Files: ["dist/**/*"]
                  Variables: [VERSION]
                Configuration:
                  Steps:
                    - Run: VERSION=1.2.3
              Checks:
                DependsOn: [Build]
                Actions:
                  Unit:
                    Identifier: aws/managed-test@v1
                    Inputs:
                      Sources: [WorkflowSource]
                    Configuration:
                      Steps:
                        - Run: make test
                  Smoke:
                    Identifier: aws/managed-test@v1
                    DependsOn: [Unit]
                    Inputs:
                      Artifacts: [site]
                    Configuration:
                      Steps:
                        - Run: ./smoke.sh
              Approve:
                Identifier: aws/approval@v1
                DependsOn: [Checks]
                Configuration:
                  ApprovalsRequired: 1
              Publish:
                Identifier: aws/build@v1
                DependsOn: [Approve]
                Compute:
                  Type: EC2
                  Fleet: my-gpu-fleet
                Inputs:
                  Sources: [WorkflowSource]
                Configuration:
                  Steps:
                    - Run: echo publishing ${Build.VERSION}
            """;

    private void workflow(String file, String text) throws IOException {
        Path f = repo.resolve(".codecatalyst/workflows").resolve(file);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }

    @Test
    void seedExampleHasBothBuildsInLevelZeroAndTheManifestInLevelOne() {
        CommandRun r = CommandRun.of(new GraphCommand(EXAMPLES), "hello-world-multiarch");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("""
                multiarch (hello-world-multiarch/.codecatalyst/workflows/multiarch.yaml): 3 actions in 2 levels

                level 0
                  docker_build_amd64  aws/build@v1
                  docker_build_arm64  aws/build@v1

                level 1
                  docker_manifest     aws/build@v1  <- docker_build_arm64, docker_build_amd64

                critical path (2 actions): docker_build_amd64 -> docker_manifest
                """);
    }

    @Test
    void textShowsGroupsEdgeKindsAndTheCriticalPath() throws IOException {
        workflow("release.yaml", RELEASE);
        CommandRun r = CommandRun.of(new GraphCommand(repo));
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("""
                release (.codecatalyst/workflows/release.yaml): 5 actions in 5 levels

                level 0
                  Build         aws/build@v1

                level 1
                  Checks.Unit   aws/managed-test@v1  <- Build

                level 2
                  Checks.Smoke  aws/managed-test@v1  <- Build (DependsOn, artifact), Checks.Unit

                level 3
                  Approve       aws/approval@v1      <- Checks.Unit, Checks.Smoke

                level 4
                  Publish       aws/build@v1         <- Approve, Build (variable)

                groups
                  Checks: Checks.Unit, Checks.Smoke (after Build)

                critical path (5 actions): Build -> Checks.Unit -> Checks.Smoke -> Approve -> Publish
                """);
    }

    @Test
    void dotDrawsGroupsAsClustersAndImplicitEdgesDashed() throws IOException {
        workflow("release.yaml", RELEASE);
        CommandRun r = CommandRun.of(new GraphCommand(repo), "release", "--format", "dot");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("""
                digraph "release" {
                  rankdir=LR;
                  compound=true;
                  node [shape=box, style=rounded, fontname="Helvetica"];
                  edge [fontname="Helvetica", fontsize=10];
                  "Build" [label="Build\\naws/build@v1"];
                  "Approve" [label="Approve\\naws/approval@v1", shape=diamond, style=solid];
                  "Publish" [label="Publish\\naws/build@v1"];
                  subgraph "cluster_Checks" {
                    label="Checks";
                    style=rounded;
                    "Checks.Unit" [label="Unit\\naws/managed-test@v1"];
                    "Checks.Smoke" [label="Smoke\\naws/managed-test@v1"];
                  }
                  "Build" -> "Checks.Unit" [lhead="cluster_Checks"];
                  "Checks.Unit" -> "Checks.Smoke";
                  "Checks.Unit" -> "Approve" [ltail="cluster_Checks"];
                  "Approve" -> "Publish";
                  "Build" -> "Checks.Smoke" [style=dashed, label="artifact"];
                  "Build" -> "Publish" [style=dashed, label="variable"];
                }
                """);
    }

    @Test
    void mermaidDrawsGroupsAsSubgraphs() throws IOException {
        workflow("release.yaml", RELEASE);
        CommandRun r = CommandRun.of(new GraphCommand(repo), "--format", "MERMAID");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("""
                flowchart LR
                  n0["Build<br/>aws/build@v1"]
                  n3{"Approve<br/>aws/approval@v1"}
                  n4["Publish<br/>aws/build@v1"]
                  subgraph g0["Checks"]
                    n1["Unit<br/>aws/managed-test@v1"]
                    n2["Smoke<br/>aws/managed-test@v1"]
                  end
                  n0 --> g0
                  n1 --> n2
                  g0 --> n3
                  n3 --> n4
                  n0 -.->|artifact| n2
                  n0 -.->|variable| n4
                """);
    }

    @Test
    void jsonListsActionsEdgesLevelsAndPath() throws IOException {
        workflow("release.yaml", RELEASE);
        CommandRun r = CommandRun.of(new GraphCommand(repo), "--format=json");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .contains("{\"id\": \"Checks.Smoke\", \"name\": \"Smoke\", \"group\": \"Checks\", \"identifier\": "
                        + "\"aws/managed-test@v1\", \"gate\": false, \"level\": 2, \"upstream\": [{\"id\": \"Build\", "
                        + "\"kinds\": [\"DependsOn\", \"artifact\"]}, {\"id\": \"Checks.Unit\", \"kinds\": "
                        + "[\"DependsOn\"]}]}")
                .contains("{\"name\": \"Checks\", \"actions\": [\"Checks.Unit\", \"Checks.Smoke\"], \"dependsOn\": "
                        + "[\"Build\"]}")
                .contains("{\"from\": \"Build\", \"to\": \"Publish\", \"kinds\": [\"variable\"]}")
                .contains("\"levels\": [[\"Build\"], [\"Checks.Unit\"], [\"Checks.Smoke\"], [\"Approve\"], "
                        + "[\"Publish\"]]")
                .contains("\"criticalPath\": [\"Build\", \"Checks.Unit\", \"Checks.Smoke\", \"Approve\", "
                        + "\"Publish\"]");
    }

    @Test
    void anInvalidWorkflowPrintsItsErrorsAndExitsThree() throws IOException {
        workflow("loop.yaml", """
                Name: loop
                SchemaVersion: "1.0"
                Actions:
                  Alpha:
                    Identifier: aws/build@v1
                    DependsOn: [Beta]
                    Inputs:
                      Sources: [WorkflowSource]
                    Configuration:
                      Steps:
                        - Run: make
                  Beta:
                    Identifier: aws/build@v1
                    DependsOn: [Alpha]
                    Inputs:
                      Sources: [WorkflowSource]
                    Configuration:
                      Steps:
                        - Run: make
                """);
        CommandRun r = CommandRun.of(new GraphCommand(repo));
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo(".codecatalyst/workflows/loop.yaml:6:17: error: dependency cycle: Alpha -> "
                + "Beta -> Alpha; these actions wait for each other, so none can start: remove one of the "
                + "dependencies [cycle]\ngantry: .codecatalyst/workflows/loop.yaml is not a valid workflow (1 error)\n");
    }

    @Test
    void noSingleWorkflowIsAUsageError() throws IOException {
        CommandRun none = CommandRun.of(new GraphCommand(repo));
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).startsWith("gantry: no workflow files (.yaml, .yml, .groovy) in .codecatalyst/workflows");
        workflow("a.yaml", RELEASE);
        workflow("b.yaml", RELEASE.replace("Name: release", "Name: other"));
        CommandRun two = CommandRun.of(new GraphCommand(repo));
        assertThat(two.exitCode()).isEqualTo(2);
        assertThat(two.err()).contains("2 workflows in .codecatalyst/workflows; name one: release");
        assertThat(CommandRun.of(new GraphCommand(repo), "other").exitCode()).isZero();
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        CommandRun r = CommandRun.of(new GraphCommand(EXAMPLES), "hello-world-multiarch", "--format", "svg");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("unknown format 'svg'; use text, dot, mermaid or json");
    }
}
