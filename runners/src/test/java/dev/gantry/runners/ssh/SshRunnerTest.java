package dev.gantry.runners.ssh;

import dev.gantry.engine.config.Architecture;
import dev.gantry.engine.config.ConfigOrigin;
import dev.gantry.engine.config.GantryConfig;
import dev.gantry.engine.config.RunnerConfig;
import dev.gantry.engine.config.RunnerKind;
import dev.gantry.engine.diagnostic.SourcePosition;
import dev.gantry.engine.model.Compute;
import dev.gantry.engine.model.ComputeType;
import dev.gantry.engine.model.Workflow;
import dev.gantry.runners.docker.DockerEngine;
import dev.gantry.runners.routing.BinfmtEmulation;
import dev.gantry.runners.routing.FleetRouting;
import dev.gantry.runners.routing.HostFacts;
import dev.gantry.runners.routing.PooledRunner;
import dev.gantry.runners.routing.RunnerPool;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Configuration;
import dev.gantry.engine.model.Inputs;
import dev.gantry.engine.model.Outputs;
import dev.gantry.engine.run.Cancellation;
import dev.gantry.engine.run.StepsJob;
import dev.gantry.engine.run.StepsResult;
import dev.gantry.runners.local.LocalRunnerTest;
import dev.gantry.runners.local.LocalTransport;
import dev.gantry.runners.transport.ShellRunner;
import dev.gantry.runners.testing.RealSshd;
import dev.gantry.runners.testing.Processes;
import dev.gantry.runners.testing.RecordingEvents;
import dev.gantry.runners.testing.SampleJobs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ssh runner against a real OpenSSH server on a loopback port, with keys made for the test. The "remote" host
 * is this machine, so the test can look at its processes and files directly.
 */
@Tag("sshd")
class SshRunnerTest {
    /** sshd's keys, configuration and log: removed by JUnit after the class, whatever happened. */
    @TempDir
    static Path serverDir;
    static RealSshd sshd;

    @TempDir
    Path tmp;

    final RecordingEvents events = new RecordingEvents();
    ShellRunner runner;
    SshTransport transport;

    @BeforeAll
    static void server() throws Exception {
        sshd = RealSshd.startOrSkip(serverDir);
    }

    @AfterAll
    static void stop() {
        RealSshd.stop(sshd);
    }

    @AfterEach
    void closeRunner() {
        if (runner != null) {
            runner.close();
        }
    }

    ShellRunner runner(Architecture declared, Path knownHosts) {
        transport = new SshTransport("remote", declared, Set.of(), Set.of(), new SshTarget("127.0.0.1", sshd.port,
                sshd.user, List.of(sshd.clientKey), knownHosts), Duration.ofSeconds(10));
        runner = SshRunner.create("remote", transport, 2, Duration.ofMillis(500), true);
        return runner;
    }

    StepsJob job(List<String> steps, List<String> outputs, Map<String, String> extraEnv) throws Exception {
        return SampleJobs.build(tmp, steps, outputs, extraEnv, List.of());
    }

    @Test
    void stepsRunThereWithTheSameSemanticsOutputsStreamBackAndFilesComeBack() throws Exception {
        StepsJob job = job(List.of(
                "X=kept; cd sub; f() { echo \"fn $X\"; }",
                "f; echo \"pwd=$(basename \"$PWD\")\"; cat ../input.txt; echo made > ../made.txt; rm ../doomed.txt",
                "echo \"PATH is the host's: $([[ $PATH == /host/only/bin ]] && echo yes || echo no)\"; "
                        + "echo \"default dir moved: $([[ $CATALYST_DEFAULT_DIR != " + job0() + " && "
                        + "$CATALYST_DEFAULT_DIR == */fs" + job0() + " ]] && echo yes || echo no)\"; "
                        + "[[ $(cd \"$CATALYST_DEFAULT_DIR\" && pwd -P) == $(cd .. && pwd -P) ]] && echo same-dir",
                "echo \"temp=$GANTRY_ACTION_TEMP\"; echo x > \"$GANTRY_ACTION_TEMP/f\" && echo temp-writable",
                "printf -v MULTI 'line one\\nline two'; echo \"token-length=${#TOKEN}\"; OUT=done; echo err >&2"),
                List.of("MULTI", "OUT"), Map.of("TOKEN", "s3cr3t\nsecond-line"));
        StepsResult r = runner(null, sshd.knownHosts).runSteps(job, events, new Cancellation());

        assertThat(r.succeeded()).as(events.all + " " + r.message()).isTrue();
        List<String> lines = events.lines();
        assertThat(lines).as(events.all.toString()).hasSize(10);
        assertThat(lines.get(6)).as("the action's temporary folder, in its folder there").matches(
                "temp=/tmp/gantry\\.[0-9a-f]+/fs" + java.util.regex.Pattern.quote(job.scratchDirectory() + "/tmp"));
        assertThat(lines).containsExactly("fn kept", "pwd=sub", "from the repository", "PATH is the host's: no",
                "default dir moved: yes", "same-dir", lines.get(6), "temp-writable", "token-length=18", "err");
        assertThat(events.all).containsSubsequence("S1", "E1=0", "S2", "E2=0", "S3", "E3=0", "S4", "E4=0");
        assertThat(r.outputs()).containsEntry("MULTI", "line one\nline two").containsEntry("OUT", "done");
        Path src = job.workingDirectory();
        assertThat(src.resolve("made.txt")).hasContent("made");
        assertThat(src.resolve("doomed.txt")).as("deleted there, deleted here").doesNotExist();
        assertThat(src.resolve("sub/keep.txt")).hasContent("kept");
        assertThat(remoteFolders()).as("the remote folder is removed").isEmpty();
    }

    @Test
    void markersTravelApartFromTheStepsOutputAndNothingTheStepsStartedOutlivesTheAction() throws Exception {
        String tag = "gantry-ssh-detach-" + System.nanoTime();
        List<String> steps = new java.util.ArrayList<>(List.of("exec >build.log 2>&1; echo into-the-log",
                "echo still-logged"));
        steps.addAll(LocalRunnerTest.detachingSteps(tag));
        StepsJob job = job(steps, List.of(), Map.of());
        StepsResult r = runner(null, sshd.knownHosts).runSteps(job, events, new Cancellation());
        assertThat(r.succeeded()).as(events.all + " " + r.message()).isTrue();
        assertThat(events.all).contains("S6", "E6=0");
        String log = Files.readString(job.workingDirectory().resolve("build.log"));
        assertThat(log).startsWith("into-the-log\nstill-logged\n").doesNotContain("\u001e");
        assertThat(Processes.tagged(tag)).isEmpty();
        String agent = log.lines().filter(l -> l.startsWith("agent ")).findFirst().orElseThrow().substring(6);
        assertThat(Processes.running(Long.parseLong(agent))).as("ssh-agent " + agent).isFalse();
    }

    /** The working directory of {@link #job}, known before the job is made. */
    private String job0() {
        return tmp.resolve("ws/WorkflowSource").toString();
    }

    @Test
    void aFailingStepStopsTheRestAndExitEndsTheShell() throws Exception {
        StepsResult r = runner(null, sshd.knownHosts).runSteps(job(List.of("echo one", "false; true",
                "echo two; exit 7", "echo never"), List.of(), Map.of()), events, new Cancellation());
        assertThat(r.outcome()).isEqualTo(StepsResult.Outcome.FAILED);
        assertThat(r.failedStep()).isEqualTo(3);
        assertThat(r.exitCode()).isEqualTo(7);
        assertThat(events.all).containsExactly("S1", "L1:one", "E1=0", "S2", "E2=0", "S3", "L3:two", "E3=7");
    }

    @Test
    void theEnvironmentNeverAppearsOnACommandLine() throws Exception {
        String secret = "hunter2-" + UUID.randomUUID();
        ShellRunner r = runner(null, sshd.knownHosts);
        Cancellation cancel = new Cancellation();
        StepsJob job = job(List.of("echo started; sleep 30"), List.of(), Map.of("TOKEN", secret));
        CompletableFuture<StepsResult> running = SampleJobs.start(r, job, events, cancel);
        SampleJobs.waitFor(() -> events.lines().contains("started"));
        assertThat(Processes.tagged(secret)).isEmpty();
        assertThat(Processes.tagged("__gantry_p=$(</dev/stdin)")).isNotEmpty(); // the shell, its program on stdin
        cancel.cancel(Cancellation.Reason.INTERRUPTED);
        assertThat(running.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(StepsResult.Outcome.CANCELLED);
    }

    @Test
    void cancellingEndsTheWholeRemoteProcessTree() throws Exception {
        String tag = "gantry-ssh-test-" + UUID.randomUUID();
        ShellRunner r = runner(null, sshd.knownHosts);
        Cancellation cancel = new Cancellation();
        StepsJob job = job(List.of("echo one", "(trap '' TERM; exec -a " + tag + " sleep 300) & "
                + "bash -c 'exec -a " + tag + " sleep 300' & echo started; wait"), List.of(), Map.of());
        CompletableFuture<StepsResult> running = SampleJobs.start(r, job, events, cancel);
        SampleJobs.waitFor(() -> events.lines().contains("started") && Processes.tagged(tag).size() == 2);
        long start = System.nanoTime();
        cancel.cancel(Cancellation.Reason.TIMEOUT);
        StepsResult result = running.get(30, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(result.outcome()).isEqualTo(StepsResult.Outcome.CANCELLED);
        assertThat(result.message()).contains("cancelled (timeout) during step 2");
        assertThat(Processes.tagged(tag)).as("no remote process is left, not even one ignoring SIGTERM")
                .isEmpty();
        assertThat(remoteFolders()).isEmpty();
    }

    @Test
    void theArchitectureIsReadFromTheHost() {
        ShellRunner undeclared = runner(null, sshd.knownHosts);
        assertThat(undeclared.labels().architecture()).isEqualTo("unknown");
        SshTransport.Probe p = transport.probe();
        assertThat(p.connected()).as(p.problem()).isTrue();
        assertThat(p.missing()).isEmpty();
        assertThat(p.architecture().label()).isEqualTo(LocalTransport.hostArchitecture());
        assertThat(undeclared.labels().architecture()).isEqualTo(LocalTransport.hostArchitecture());
    }

    @Test
    void anUnknownHostKeyIsRefusedWithHowToAddIt() throws Exception {
        Path empty = Files.writeString(tmp.resolve("known_hosts"), "");
        runner(null, empty);
        SshTransport.Probe p = transport.probe();
        assertThat(p.connected()).isFalse();
        assertThat(p.problem()).contains("the host's key (SHA256:", "is not in " + empty,
                "ssh-keyscan -p " + sshd.port + " 127.0.0.1 >> " + empty);
        StepsResult r = runner.runSteps(job(List.of("touch " + tmp.resolve("ran")), List.of(), Map.of()), events,
                new Cancellation());
        assertThat(r.outcome()).isEqualTo(StepsResult.Outcome.FAILED);
        assertThat(tmp.resolve("ran")).doesNotExist();
    }

    @Test
    void aRefusedKeyIsExplained() throws Exception {
        Path other = tmp.resolve("other_key");
        new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString()).start().waitFor();
        transport = new SshTransport("remote", null, Set.of(), Set.of(), new SshTarget("127.0.0.1", sshd.port,
                sshd.user, List.of(other), sshd.knownHosts), Duration.ofSeconds(10));
        assertThat(transport.probe().problem()).contains("the host refused the login of " + sshd.user + " with "
                + other);
    }

    @Test
    void inThePoolAnArchitectureTheHostContradictsMakesTheRunnerUnusableAndAnUndeclaredOneIsLearned()
            throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home/.ssh"));
        Files.copy(sshd.knownHosts, home.resolve("known_hosts"));
        Architecture hostArch = Architecture.parse(LocalTransport.hostArchitecture()).orElseThrow();
        Architecture other = hostArch == Architecture.AMD64 ? Architecture.ARM64 : Architecture.AMD64;
        HostFacts host = new HostFacts(hostArch, new BinfmtEmulation(tmp.resolve("no-binfmt")),
                h -> DockerEngine.unreachable(h, "not asked"), Map.of("HOME", home.getParent().toString()));
        ConfigOrigin at = new ConfigOrigin("gantry.yaml", new SourcePosition(3, 5));
        RunnerConfig wrong = new RunnerConfig("wrong", RunnerKind.SSH, other, List.of(), List.of(), 1, null,
                "127.0.0.1", sshd.port, sshd.user, sshd.clientKey, null, at);
        RunnerConfig learned = new RunnerConfig("learned", RunnerKind.SSH, null, List.of(), List.of(), 1, null,
                "127.0.0.1", sshd.port, sshd.user, sshd.clientKey, null, at);
        try (RunnerPool pool = RunnerPool.of(new GantryConfig(Map.of(), null, List.of(wrong, learned), null), host,
                2)) {
            PooledRunner w = pool.runners().get(0);
            assertThat(w.health().usable()).isFalse();
            assertThat(w.health().problem()).isEqualTo("architecture: the host is " + hostArch.label()
                    + " (uname -m: " + uname() + "), but runner 'wrong' is configured as " + other.label()
                    + " at gantry.yaml:3:5: fix its architecture");
            Action a = new Action("A", null, "aws/build@v1", List.of(), new Compute(ComputeType.EC2,
                    hostArch == Architecture.AMD64 ? "Linux.x86-64.Large" : "Linux.Arm64.Large", null), null, null,
                    Map.of(), Inputs.NONE, Outputs.NONE, Configuration.NONE);
            FleetRouting routing = new FleetRouting(new Workflow("w", "1.0", null, null, List.of(), List.of(a)),
                    pool);
            assertThat(routing.candidates(a)).extracting(r -> r.name()).containsExactly("learned");
            assertThat(pool.runners().get(1).report().summary()).contains("ssh logged in as " + sshd.user
                    + "@127.0.0.1:" + sshd.port, "architecture " + hostArch.label() + " (uname -m: " + uname() + ")");
        }
    }

    private static String uname() throws IOException {
        return new String(new ProcessBuilder("uname", "-m").start().getInputStream().readAllBytes()).strip();
    }

    /** The remote folders this test's runner made (the host is this machine; TMPDIR of the login: /tmp). */
    @Test
    void theLeftoversOfAGantryThatDiedAreEndedByTheNextOnesSweep() throws Exception {
        String tag = "gantry-ssh-leftover-" + UUID.randomUUID();
        ShellRunner r = runner(null, sshd.knownHosts);
        StepsJob job = job(List.of("(exec -a " + tag + " sleep 300) & echo started; wait"), List.of(), Map.of());
        CompletableFuture<StepsResult> running = SampleJobs.start(r, job, events, new Cancellation());
        SampleJobs.waitFor(() -> events.lines().contains("started") && Processes.tagged(tag).size() == 1);
        assertThat(remoteFolders()).hasSize(1);
        // the next Gantry (its own client, its own connection) sweeps the folders of the runs it found abandoned
        SshTransport next = new SshTransport("remote", null, Set.of(), Set.of(), new SshTarget("127.0.0.1",
                sshd.port, sshd.user, List.of(sshd.clientKey), sshd.knownHosts), Duration.ofSeconds(10));
        try {
            SshTransport.LeftoverSweep unrelated = next.sweepLeftovers(List.of(tmp.resolve("another-run")));
            assertThat(unrelated.problem()).isNull();
            assertThat(unrelated.removed()).isEmpty();
            assertThat(Processes.tagged(tag)).as("another run's action is left alone").hasSize(1);

            SshTransport.LeftoverSweep swept = next.sweepLeftovers(List.of(tmp));
            assertThat(swept.problem()).isNull();
            assertThat(swept.removed()).hasSize(1);
            assertThat(swept.killed()).isNotEmpty();
            assertThat(Processes.tagged(tag)).as("the dead run's process is gone").isEmpty();
            assertThat(remoteFolders()).as("its folder is gone").isEmpty();
        } finally {
            next.close();
        }
        assertThat(running.handle((result, error) -> error == null && result.succeeded()).get(60, TimeUnit.SECONDS))
                .isFalse();
    }

    @Test
    void anUnreachableHostIsAProblemNotAFailure() {
        SshTransport nowhere = new SshTransport("gone", null, Set.of(), Set.of(), new SshTarget("127.0.0.1", 1,
                sshd.user, List.of(sshd.clientKey), sshd.knownHosts), Duration.ofSeconds(5));
        try {
            SshTransport.LeftoverSweep r = nowhere.sweepLeftovers(List.of(tmp));
            assertThat(r.problem()).isNotBlank();
            assertThat(r.killed()).isEmpty();
        } finally {
            nowhere.close();
        }
    }

    private List<Path> remoteFolders() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/tmp"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("gantry."))
                    .filter(p -> Files.exists(p.resolve("fs" + tmp))).toList();
        }
    }
}
