package dev.gantry.cli.run;

import dev.gantry.runners.local.LocalTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.gantry.cli.run.RunTestSupport.repo;
import static dev.gantry.cli.run.RunTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code gantry run} routes actions by fleet to configured runners and tells steps their platform. */
class RunnerRoutingRunTest {
    @TempDir
    Path dir;

    static final String HOST = LocalTransport.hostArchitecture();

    @Test
    void aProvisionedFleetRunsOnTheRunnerThatListsItAndStepsSeeTheRunnersPlatform() throws Exception {
        Path wf = repo(dir, """
                Name: t
                SchemaVersion: "1.0"
                Actions:
                  Mine:
                    Identifier: aws/build@v1
                    Compute: {Type: EC2, Fleet: my-fleet}
                    Configuration:
                      Steps:
                        - Run: echo "platform=$DOCKER_DEFAULT_PLATFORM"
                  Own:
                    Identifier: aws/build@v1
                    Compute: {Type: EC2, Fleet: my-fleet}
                    Inputs:
                      Variables:
                        - Name: DOCKER_DEFAULT_PLATFORM
                          Value: linux/s390x
                    Configuration:
                      Steps:
                        - Run: echo "own=$DOCKER_DEFAULT_PLATFORM"
                """);
        Path config = dir.resolve("runners.yaml");
        Files.writeString(config, "runners:\n  - name: big\n    kind: local\n    fleets: [my-fleet]\n    capacity: 1\n");
        RunTestSupport.Result r = run(wf.toString(), "--runner-config", config.toString(), "--json");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.events("action.started", "Mine").get(0)).contains("\"runner\":\"big\"");
        assertThat(r.out()).contains("platform=linux/" + HOST, "own=linux/s390x");
        assertThat(r.err()).as("a fleet a runner lists is a known provisioned fleet").doesNotContain("fleet-unknown");
    }

    @Test
    void lambdaComputeRunsLikeEc2AndADockerStepIsOnlyWarnedAbout() throws Exception {
        Path wf = repo(dir, """
                Name: t
                SchemaVersion: "1.0"
                Actions:
                  L:
                    Identifier: aws/build@v1
                    Compute: {Type: Lambda, Fleet: FLEET}
                    Configuration:
                      Steps:
                        - Run: echo "would run docker build"
                        - Run: true || docker build .
                """.replace("FLEET", HOST.equals("arm64") ? "Linux.Arm64.Large" : "Linux.x86-64.Large"));
        RunTestSupport.Result r = run(wf.toString(), "--json");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.events("action.started", "L").get(0)).contains("\"runner\":\"local\"");
        assertThat(r.err()).contains("[lambda-docker]");
    }

    @Test
    void anUnservedFleetStopsTheRunBeforeAnythingRuns() throws Exception {
        Path wf = repo(dir, """
                Name: t
                SchemaVersion: "1.0"
                Actions:
                  First:
                    Identifier: aws/build@v1
                    Configuration:
                      Steps:
                        - Run: touch ran
                  Deploy:
                    Identifier: aws/build@v1
                    Compute:
                      Type: EC2
                      Fleet: prod-fleet
                    Configuration:
                      Steps:
                        - Run: echo never
                """);
        RunTestSupport.Result r = run(wf.toString(), "--bind");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("w.yaml:12:7: error: action 'Deploy' runs on fleet prod-fleet, which is not an "
                + "on-demand fleet", "runners: [{name: local, kind: local}, {name: prod-fleet, kind: local, fleets: "
                + "[prod-fleet]}]", "[runner-none]", "nothing was run");
        assertThat(dir.resolve("ran")).doesNotExist();
    }

    @Test
    void aRunnerListingAFleetOfTheOtherArchitectureIsAConfigurationError() throws Exception {
        Path wf = repo(dir, "Name: t\nSchemaVersion: \"1.0\"\nActions:\n  A:\n    Identifier: aws/build@v1\n"
                + "    Configuration:\n      Steps:\n        - Run: touch ran\n");
        Path config = dir.resolve("runners.yaml");
        Files.writeString(config, "runners:\n  - name: x\n    kind: local\n    architecture: amd64\n"
                + "    fleets: [Linux.Arm64.Large]\n");
        RunTestSupport.Result r = run(wf.toString(), "--runner-config", config.toString(), "--bind");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(config + ":2:5: error: runner 'x' is amd64 but lists fleet Linux.Arm64.Large",
                "[runner-fleet-architecture]");
        assertThat(dir.resolve("ran")).doesNotExist();
    }
}
