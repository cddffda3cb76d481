package dev.gantry.runners.container;

import dev.gantry.engine.model.Variable;
import dev.gantry.engine.run.Cancellation;
import dev.gantry.engine.run.RunnerLabels;
import dev.gantry.engine.run.StepsJob;
import dev.gantry.engine.run.StepsResult;
import dev.gantry.runners.docker.DockerCli;
import dev.gantry.runners.testing.RealDocker;
import dev.gantry.runners.transport.ShellRunner;
import dev.gantry.runners.testing.RecordingEvents;
import dev.gantry.runners.testing.SampleJobs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The container runner against the machine's real Docker engine, with images built locally (no registry). */
@Tag("docker")
class ContainerRunnerTest {
    static DockerCli docker;

    @TempDir
    Path tmp;

    final String runnerName = "test-" + UUID.randomUUID();
    final RecordingEvents events = new RecordingEvents();

    @BeforeAll
    static void engine() {
        docker = RealDocker.engineOrSkip();
    }

    ShellRunner last;

    /** The runner's close() waits for the removal of every container it started (removed once its steps end). */
    void assertNoContainerLeftAfterClose() {
        last.close();
        assertThat(RealDocker.containersLabelled(docker, "dev.gantry.runner=" + runnerName)).isEmpty();
    }

    /** Every test ends with its runner closed and no container of it left, whatever the outcome of its steps. */
    @AfterEach
    void closeTheRunner() {
        if (last != null) {
            assertNoContainerLeftAfterClose();
        }
    }

    ShellRunner runner(String image) {
        return last = ContainerRunner.create(runnerName, RunnerLabels.of("amd64"), 2, image, docker, Duration.ofSeconds(1));
    }

    StepsJob job(List<String> steps, List<String> outputs, Map<String, String> extraEnv, List<Variable> own)
            throws Exception {
        Map<String, String> env = new LinkedHashMap<>(extraEnv);
        env.put("PATH", "/host/only/bin:/usr/bin");
        return SampleJobs.build(tmp, steps, outputs, env, own);
    }

    @Test
    void stepsRunInOneBashInTheContainerWithTheWorkspaceMountedAndOutputsCaptured() throws Exception {
        StepsJob job = job(List.of(
                "X=kept; cd sub; f() { echo \"fn $X\"; }",
                "f; echo \"pwd=${PWD##*/} arch=$(uname -m)\"; cat ../input.txt; echo made > ../made.txt",
                "test -S /var/run/docker.sock && echo socket-mounted; echo \"PATH=$PATH HOME=${HOME:-unset} "
                        + "IMAGE_ONLY=$IMAGE_ONLY\"; echo \"src=$CATALYST_SOURCE_DIR_WorkflowSource\"",
                "printf -v MULTI 'line one\\nline two'; echo \"secret-length=${#TOKEN}\"; OUT=done",
                "echo \"temp=$GANTRY_ACTION_TEMP\"; echo x > \"$GANTRY_ACTION_TEMP/f\" && echo temp-writable"),
                List.of("MULTI", "OUT"), Map.of("TOKEN", "s3cr3t\nsecond-line"), List.of());
        StepsResult r = runner(RealDocker.BASH_IMAGE).runSteps(job, events, new Cancellation());

        assertThat(r.succeeded()).as(events.all + " " + r.message()).isTrue();
        assertThat(events.lines()).containsExactly("fn kept", "pwd=sub arch=x86_64", "from the repository",
                "socket-mounted", "PATH=/usr/bin:/bin HOME=/root IMAGE_ONLY=from-image",
                "src=" + job.workingDirectory(), "secret-length=18",
                "temp=" + job.scratchDirectory().resolve("tmp"), "temp-writable");
        assertThat(job.scratchDirectory().resolve("tmp/f")).as("the scratch folder is mounted").exists();
        assertThat(r.outputs()).containsEntry("MULTI", "line one\nline two").containsEntry("OUT", "done");
        assertThat(job.workingDirectory().resolve("made.txt")).hasContent("made");
        assertNoContainerLeftAfterClose();
    }

    @Test
    void theActionsOwnVariablesWinOverTheImagesAndAFailedStepStopsTheRest() throws Exception {
        StepsJob job = job(List.of("echo \"PATH=$PATH\"", "exit 3", "echo never"), List.of(), Map.of(),
                List.of(new Variable("PATH", "/usr/bin:/bin:/custom")));
        StepsResult r = runner(RealDocker.BASH_IMAGE).runSteps(job, events, new Cancellation());
        assertThat(r.outcome()).isEqualTo(StepsResult.Outcome.FAILED);
        assertThat(r.failedStep()).isEqualTo(2);
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(events.all).containsExactly("S1", "L1:PATH=/usr/bin:/bin:/custom", "E1=0", "S2", "E2=3");
    }

    @Test
    void theEnvironmentIsNeitherOnTheCommandLineNorInTheContainersConfiguration() throws Exception {
        String secret = "hunter2-" + UUID.randomUUID();
        StepsJob job = job(List.of("echo started; sleep 30"), List.of(), Map.of("TOKEN", secret), List.of());
        ShellRunner runner = runner(RealDocker.BASH_IMAGE);
        Cancellation cancel = new Cancellation();
        CompletableFuture<StepsResult> running = SampleJobs.start(runner, job, events, cancel);
        SampleJobs.waitFor(() -> events.lines().contains("started"));
        String name = RealDocker.containersLabelled(docker, "dev.gantry.runner=" + runnerName).get(0);
        DockerCli.Result inspect = docker.run(null, List.of("inspect", name));
        assertThat(inspect.ok()).isTrue();
        assertThat(inspect.output()).contains("gantry-test/bash:1", "GANTRY_ACTION_COOKIE=")
                .doesNotContain(secret);
        assertThat(String.join(" ", ((ContainerTransport) runner.transport()).runArguments(job, name, "/var/run/docker.sock"))).doesNotContain(secret);
        cancel.cancel(Cancellation.Reason.INTERRUPTED);
        assertThat(running.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(StepsResult.Outcome.CANCELLED);
    }

    @Test
    void cancellingStopsAndRemovesTheContainerPromptly() throws Exception {
        StepsJob job = job(List.of("echo one", "trap '' TERM; echo sleeping; sleep 300"), List.of(), Map.of(),
                List.of());
        ShellRunner runner = runner(RealDocker.BASH_IMAGE);
        Cancellation cancel = new Cancellation();
        CompletableFuture<StepsResult> running = SampleJobs.start(runner, job, events, cancel);
        SampleJobs.waitFor(() -> events.lines().contains("sleeping"));
        assertThat(RealDocker.containersLabelled(docker, "dev.gantry.runner=" + runnerName)).hasSize(1);
        long start = System.nanoTime();
        cancel.cancel(Cancellation.Reason.TIMEOUT);
        StepsResult r = running.get(30, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        assertThat(r.outcome()).isEqualTo(StepsResult.Outcome.CANCELLED);
        assertThat(r.message()).contains("cancelled (timeout) during step 2");
        assertNoContainerLeftAfterClose();
    }

    @Test
    void markersTravelApartFromTheStepsOutput() throws Exception {
        StepsJob job = job(List.of("exec >build.log 2>&1; echo into-the-log", "echo still-logged", "exec >&-",
                "true"), List.of(), Map.of(), List.of());
        StepsResult r = runner(RealDocker.BASH_IMAGE).runSteps(job, events, new Cancellation());
        assertThat(r.succeeded()).as(events.all + " " + r.message()).isTrue();
        assertThat(events.all).contains("S4", "E4=0");
        assertThat(job.workingDirectory().resolve("build.log")).hasContent("into-the-log\nstill-logged");
        assertNoContainerLeftAfterClose();
    }

    @Test
    void anImageWithoutBashFailsWithAClearMessage() throws Exception {
        StepsResult r = runner(RealDocker.EMPTY_IMAGE).runSteps(job(List.of("echo hi"), List.of(), Map.of(),
                List.of()), events, new Cancellation());
        assertThat(r.outcome()).isEqualTo(StepsResult.Outcome.FAILED);
        assertThat(r.message()).contains("could not start the container of image gantry-test/empty:1",
                "the image must contain bash");
        assertNoContainerLeftAfterClose();
    }
}
