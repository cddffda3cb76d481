package dev.gantry.runners.image;

import dev.gantry.engine.run.Cancellation;
import dev.gantry.engine.run.RunnerLabels;
import dev.gantry.engine.run.StepsJob;
import dev.gantry.engine.run.StepsResult;
import dev.gantry.runners.container.ContainerTransport;
import dev.gantry.runners.docker.DockerCli;
import dev.gantry.runners.local.LocalRunner;
import dev.gantry.runners.testing.RealDocker;
import dev.gantry.runners.testing.RecordingEvents;
import dev.gantry.runners.testing.SampleJobs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Actions in the image they declare, on the machine's real Docker engine: {@code httpd} from "Docker Hub" (the
 * engine's mirror, the e2e stand-in on 127.0.0.1:5001, BusyBox-based: no bash) for amd64 and arm64 (qemu).
 */
@Tag("docker")
class ImageRunnerTest {
    /** Docker Hub's {@code httpd}: the engine pulls it through its mirror. */
    static final String HUB_IMAGE = "httpd:latest";
    static final Map<String, String> HOST_PATH = Map.of("PATH", System.getenv("PATH"));
    static DockerCli docker;

    @TempDir
    Path tmp;

    final String runnerName = "images-" + UUID.randomUUID();
    final RecordingEvents events = new RecordingEvents();
    ImageRunner last;

    @BeforeAll
    static void engine() {
        docker = RealDocker.engineOrSkip();
    }

    @AfterEach
    void noContainerLeft() {
        if (last != null) {
            last.close();
            assertThat(RealDocker.containersLabelled(docker, "dev.gantry.runner=" + runnerName)).isEmpty();
        }
    }

    ImageRunner runner(String architecture, ImageSettings settings) {
        return last = new ImageRunner(LocalRunner.create(runnerName, RunnerLabels.of(architecture), 2,
                Duration.ofSeconds(1)), new ActionImages(settings, docker, new SdkEcrLogin()), docker,
                Duration.ofSeconds(1));
    }

    /** A job of action {@code Build} with {@code Configuration.Container} {@code registry}/{@code image}. */
    StepsJob job(String registry, String image, List<String> steps, Map<String, String> env) throws Exception {
        return SampleJobs.inImage(SampleJobs.build(tmp, steps, List.of("OUT"), env, List.of()), registry, image);
    }

    @Test
    void aDockerHubImageWithoutBashRunsTheStepsWithShInThatImage() throws Exception {
        StepsResult r = runner("amd64", ImageSettings.defaults()).runSteps(job("DockerHub", HUB_IMAGE, List.of(
                "X=kept; cd sub",
                "ls /usr/local/apache2/htdocs; echo \"pwd=${PWD##*/} x=$X arch=$(uname -m)\"; cat ../input.txt",
                "echo made >../made.txt; OUT=done"), Map.of()), events, new Cancellation());

        assertThat(r.succeeded()).as(events.all + " " + r.message()).isTrue();
        assertThat(events.lines()).containsExactly(
                "gantry: container gantry-Build-" + events.lines().get(0).replaceAll(".*gantry-Build-(\\w+).*", "$1")
                        + " has no bash: the steps run with /bin/sh",
                "index.html", "pwd=sub x=kept arch=x86_64", "from the repository");
        assertThat(r.outputs()).containsEntry("OUT", "done");
        assertThat(tmp.resolve("ws/WorkflowSource/made.txt")).hasContent("made");
    }

    @Test
    void anArm64RunnerRunsTheImageForArm64UnderEmulation() throws Exception {
        StepsResult r = runner("arm64", ImageSettings.defaults()).runSteps(job("DockerHub", HUB_IMAGE,
                List.of("echo \"arch=$(uname -m)\""), Map.of()), events, new Cancellation());

        assertThat(r.succeeded()).as(events.all + " " + r.message()).isTrue();
        assertThat(events.lines()).contains("arch=aarch64");
    }

    @Test
    void anActionWithoutContainerRunsOnTheHostUnlessThePolicyIsTheServices() throws Exception {
        StepsResult host = runner("amd64", ImageSettings.defaults()).runSteps(job(null, null,
                List.of("test -d /usr/local/apache2/htdocs && echo in-image || echo on-host"), HOST_PATH), events,
                new Cancellation());
        assertThat(host.succeeded()).as(events.all + " " + host.message()).isTrue();
        assertThat(events.lines()).containsExactly("on-host");

        RecordingEvents service = new RecordingEvents();
        ImageSettings settings = new ImageSettings(CuratedImages.defaults().with(Map.of(
                "CodeCatalystLinux_x86_64:2022_11", HUB_IMAGE)), ImagePolicy.SERVICE, false);
        StepsResult r = runner("amd64", settings).runSteps(job(null, null,
                List.of("test -d /usr/local/apache2/htdocs && echo in-image || echo on-host"), HOST_PATH), service,
                new Cancellation());
        assertThat(r.succeeded()).as(service.all + " " + r.message()).isTrue();
        assertThat(service.lines()).contains("in-image");
    }

    @Test
    void aMissingImageFailsWithTheRegistrysReason() throws Exception {
        // Straight from the Docker Hub stand-in: through the mirror, the engine would fall back to the real Docker Hub
        // (unreachable offline) and report that instead.
        String image = "127.0.0.1:5001/library/gantry-no-such-image-" + UUID.randomUUID().toString().substring(0, 8);
        StepsResult r = runner("amd64", ImageSettings.defaults()).runSteps(job("Other", image + ":1",
                List.of("true"), Map.of()), events, new Cancellation());

        assertThat(r.succeeded()).isFalse();
        assertThat(r.message()).startsWith("could not pull image " + image + ":1 for linux/amd64 "
                + "(Configuration.Container): ").containsIgnoringCase("not found");
    }

    @Test
    void anImageWithNeitherBashNorShIsRefusedWithAReason() throws Exception {
        StepsResult r = runner("amd64", ImageSettings.defaults()).runSteps(job("DockerHub", RealDocker.EMPTY_IMAGE,
                List.of("true"), Map.of()), events, new Cancellation());

        assertThat(r.succeeded()).isFalse();
        assertThat(r.message()).contains("has neither bash nor /bin/sh");
    }

    @Test
    void cancellingRemovesTheContainerAndNoSecretIsInItsInspection() throws Exception {
        String secret = "s3cr3t-" + UUID.randomUUID();
        Cancellation cancel = new Cancellation();
        CompletableFuture<StepsResult> run = SampleJobs.start(runner("amd64", ImageSettings.defaults()),
                job("DockerHub", HUB_IMAGE, List.of("echo started; sleep 300"), Map.of("TOKEN", secret)),
                events, cancel);
        SampleJobs.waitFor(() -> events.lines().contains("started"));
        List<String> running = RealDocker.containersLabelled(docker, "dev.gantry.runner=" + runnerName);
        assertThat(running).hasSize(1);
        DockerCli.Result inspect = docker.run(null, List.of("inspect", running.get(0)));
        assertThat(inspect.ok()).isTrue();
        assertThat(inspect.output()).doesNotContain(secret).contains(running.get(0));

        cancel.cancel(Cancellation.Reason.TIMEOUT);
        StepsResult r = run.get(2, TimeUnit.MINUTES);
        assertThat(r.message()).contains("cancelled (timeout)");
        // noContainerLeft() checks that the container is gone once the runner is closed
    }

    @Test
    void keepLeavesTheStoppedContainerLabelledWithTheRunAndNoSecretIsInItsInspection() throws Exception {
        String secret = "s3cr3t-" + UUID.randomUUID();
        String runId = "keep-" + UUID.randomUUID().toString().substring(0, 8);
        StepsJob j = job("DockerHub", HUB_IMAGE, List.of("echo \"token is $TOKEN\" >seen.txt; echo done"),
                Map.of("TOKEN", secret));
        StepsJob kept = new StepsJob(j.actionId(), j.action(), j.steps(), j.environment(), j.pathVariables(),
                j.workspace(), j.workingDirectory(), j.outputVariables(), j.scratchDirectory(), runId, true);
        String label = ContainerTransport.RUN_LABEL + "=" + runId;
        try {
            ImageRunner runner = runner("amd64", ImageSettings.defaults());
            StepsResult r = runner.runSteps(kept, events, new Cancellation());
            runner.close(); // waits for the container's close, which keeps it
            last = null;

            assertThat(r.succeeded()).as(events.all + " " + r.message()).isTrue();
            assertThat(tmp.resolve("ws/WorkflowSource/seen.txt")).hasContent("token is " + secret);
            List<String> left = RealDocker.containersLabelled(docker, label);
            assertThat(left).as("the kept container").hasSize(1);
            assertThat(events.lines()).anyMatch(l -> l.startsWith("gantry: container " + left.get(0)
                    + " is kept (--keep); remove the run's containers with docker rm -f $(docker ps -aq --filter "
                    + "label=" + label + ")"));
            // env, cmd, entrypoint, labels, mounts: the whole inspection
            DockerCli.Result inspect = docker.run(null, List.of("inspect", left.get(0)));
            assertThat(inspect.ok()).isTrue();
            assertThat(inspect.output()).contains(left.get(0)).contains("\"" + ContainerTransport.RUN_LABEL + "\": \""
                    + runId + "\"").doesNotContain(secret);
        } finally {
            for (String c : RealDocker.containersLabelled(docker, label)) {
                docker.run(null, List.of("rm", "-f", c));
            }
        }
    }

    @Test
    void aMissingArm64CuratedImageSaysHowToBuildIt() throws Exception {
        Assumptions.assumeFalse(docker.run(null, List.of("image", "inspect", "gantry/codecatalyst-linux:2024_03-arm64"))
                .ok(), "the Arm64 curated image was built on this engine: nothing is missing");
        StepsResult r = runner("arm64", ImageSettings.defaults()).runSteps(job("CODECATALYST",
                "CodeCatalystLinux_Arm64:2024_03", List.of("true"), Map.of()), events, new Cancellation());

        assertThat(r.succeeded()).isFalse();
        assertThat(r.message()).startsWith("could not pull image gantry/codecatalyst-linux:2024_03-arm64 for "
                + "linux/arm64 (Configuration.Container, CodeCatalystLinux_Arm64:2024_03): it is not on the engine "
                + "and no registry serves it: build it: docker buildx build --platform linux/arm64 ");
    }
}
