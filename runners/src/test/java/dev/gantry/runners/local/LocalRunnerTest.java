package dev.gantry.runners.local;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Configuration;
import dev.gantry.engine.model.Inputs;
import dev.gantry.engine.model.Outputs;
import dev.gantry.engine.run.Cancellation;
import dev.gantry.engine.run.RunnerLabels;
import dev.gantry.engine.run.StepsJob;
import dev.gantry.engine.run.StepsResult;
import dev.gantry.engine.run.Workspace;
import dev.gantry.runners.testing.Processes;
import dev.gantry.runners.transport.ShellRunner;
import dev.gantry.runners.testing.SampleJobs;
import dev.gantry.runners.testing.RecordingEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

public class LocalRunnerTest {
    @TempDir
    Path tmp;

    final ShellRunner runner = LocalRunner.create("local", RunnerLabels.of("amd64"), 4, Duration.ofMillis(500));
    final RecordingEvents events = new RecordingEvents();

    StepsJob job(List<String> steps, List<String> outputs, Map<String, String> extraEnv) throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Path scratch = Files.createDirectories(tmp.resolve("scratch-" + System.nanoTime()));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", tmp.toString());
        env.putAll(extraEnv);
        Action a = new Action("A", null, "aws/build@v1", List.of(), null, null, null, Map.of(), Inputs.NONE,
                Outputs.NONE, Configuration.NONE);
        return new StepsJob("A", a, steps, env, Set.of(), new Workspace(tmp, Map.of("WorkflowSource", ws), false),
                ws, outputs, scratch);
    }

    StepsResult run(List<String> steps, String... outputs) throws Exception {
        return runner.runSteps(job(steps, List.of(outputs), Map.of()), events, new Cancellation());
    }

    @Test
    void stateCarriesAcrossSteps() throws Exception {
        StepsResult r = run(List.of(
                "PLAIN=one; export EXPORTED=two; declare -A MAP=([k]=v); mkdir -p sub && cd sub",
                "greet() { echo \"hello $1\"; }; set -o pipefail; shopt -s extglob",
                "echo \"$PLAIN $EXPORTED ${MAP[k]} $(basename \"$PWD\")\"; greet you; "
                        + "[[ -o pipefail ]] && echo pipefail-on; shopt -q extglob && echo extglob-on; "
                        + "bash -c 'echo child sees ${EXPORTED:-nothing} ${PLAIN:-nothing}'"));
        assertThat(r.succeeded()).as(events.all.toString()).isTrue();
        assertThat(events.lines()).containsExactly("one two v sub", "hello you", "pipefail-on", "extglob-on",
                "child sees two nothing");
    }

    @Test
    void aStepsStatusIsItsScriptsStatusAndAFailureSkipsTheRest() throws Exception {
        StepsResult r = run(List.of("false; true", "echo two; false", "echo never"));
        assertThat(r.outcome()).isEqualTo(StepsResult.Outcome.FAILED);
        assertThat(r.failedStep()).isEqualTo(2);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(events.all).containsExactly("S1", "E1=0", "S2", "L2:two", "E2=1");
    }

    @Test
    void exitEndsTheShellWithItsStatus() throws Exception {
        StepsResult r = run(List.of("echo one", "if true; then f() { exit 7; }; f; fi; echo not-here", "echo never"));
        assertThat(r.failedStep()).isEqualTo(2);
        assertThat(r.exitCode()).isEqualTo(7);
        assertThat(events.all).containsExactly("S1", "L1:one", "E1=0", "S2", "E2=7");
    }

    @Test
    void exitZeroInTheLastStepSucceedsAndStillCapturesOutputs() throws Exception {
        StepsResult r = run(List.of("X=before", "for i in 1 2; do X=done-$i; exit 0; done"), "X");
        assertThat(r.succeeded()).as(events.all.toString()).isTrue();
        assertThat(r.outputs()).containsEntry("X", "done-1");
    }

    @Test
    void exitZeroInAMiddleStepFailsLoudly() throws Exception {
        StepsResult r = run(List.of("exit 0", "echo never"));
        assertThat(r.outcome()).isEqualTo(StepsResult.Outcome.FAILED);
        assertThat(r.failedStep()).isEqualTo(1);
        assertThat(r.message()).contains("`exit 0`").contains("`return`");
        assertThat(events.lines()).doesNotContain("never");
    }

    @Test
    void returnEndsOneStepWithItsStatus() throws Exception {
        StepsResult r = run(List.of("echo a; return 0; echo skipped", "echo b; return 4"));
        assertThat(events.lines()).containsExactly("a", "b");
        assertThat(r.failedStep()).isEqualTo(2);
        assertThat(r.exitCode()).isEqualTo(4);
    }

    @Test
    void setEFromAnEarlierStepEndsALaterOne() throws Exception {
        StepsResult r = run(List.of("set -e", "echo before; (exit 3); echo after", "echo never"));
        assertThat(r.failedStep()).isEqualTo(2);
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(events.lines()).containsExactly("before");
    }

    @Test
    void boundariesHoldWhateverAStepPrintsOrReads() throws Exception {
        StepsResult r = run(List.of(
                "printf 'no newline'; printf '\\036fake S 9\\n'; cat; read -r x || echo stdin-is-empty",
                "printf 'E 1 0\\n\\036\\036 D\\n'; head -c 100 /dev/zero | tr '\\0' 'z' ; echo",
                "echo last"));
        assertThat(r.succeeded()).as(events.all.toString()).isTrue();
        assertThat(events.all).containsExactly("S1", "L1:no newline\u001efake S 9", "L1:stdin-is-empty", "E1=0",
                "S2", "L2:E 1 0", "L2:\u001e\u001e D", "L2:" + "z".repeat(100), "E2=0", "S3", "L3:last", "E3=0");
    }

    @Test
    void outputAfterAPartialLineStillFindsTheMarker() throws Exception {
        StepsResult r = run(List.of("printf 'partial'", "echo next"));
        assertThat(r.succeeded()).isTrue();
        assertThat(events.all).containsExactly("S1", "L1:partial", "E1=0", "S2", "L2:next", "E2=0");
    }

    @Test
    void outputVariablesAreCapturedExactly() throws Exception {
        StepsResult r = runner.runSteps(job(List.of(
                "MULTI=$'line one\\nline two\\n\\ttabbed \"quoted\" \\'single\\' $dollar `tick`\\n'",
                "UNI='héllo ✓ 日本'; EMPTY=; export EXP=exported; unset NEVER"),
                List.of("MULTI", "UNI", "EMPTY", "EXP", "NEVER", "HY-PHEN"), Map.of("HY-PHEN", "from input")),
                events, new Cancellation());
        assertThat(r.succeeded()).as(events.all.toString()).isTrue();
        assertThat(r.outputs()).containsEntry("MULTI", "line one\nline two\n\ttabbed \"quoted\" 'single' $dollar "
                        + "`tick`\n")
                .containsEntry("UNI", "héllo ✓ 日本").containsEntry("EMPTY", "").containsEntry("EXP", "exported")
                .containsEntry("HY-PHEN", "from input").doesNotContainKey("NEVER");
    }

    @Test
    void setXDoesNotShowGantrysOwnLines() throws Exception {
        StepsResult r = run(List.of("set -x", "echo traced", "echo again"));
        assertThat(r.succeeded()).isTrue();
        assertThat(events.lines()).containsExactly("+++ echo traced", "traced", "+++ echo again", "again");
    }

    @Test
    void theEnvironmentIsExactlyTheJobs() throws Exception {
        StepsResult r = runner.runSteps(job(List.of("env | cut -d= -f1 | sort"), List.of(), Map.of("ONLY", "me")),
                events, new Cancellation());
        assertThat(r.succeeded()).isTrue();
        assertThat(events.lines()).containsExactlyInAnyOrder("HOME", "ONLY", "PATH", "PWD", "SHLVL", "_",
                "GANTRY_ACTION_COOKIE", "GANTRY_ACTION_TEMP");
    }

    @Test
    void theActionsTemporaryFolderIsAPrivateFolderInsideTheScratchFolder() throws Exception {
        StepsJob j = job(List.of("echo \"$GANTRY_ACTION_TEMP\"; stat -c %a \"$GANTRY_ACTION_TEMP\"; "
                + "echo made > \"$GANTRY_ACTION_TEMP/file\""), List.of(), Map.of());
        StepsResult r = runner.runSteps(j, events, new Cancellation());
        assertThat(r.succeeded()).as(events.all.toString()).isTrue();
        assertThat(events.lines()).containsExactly(j.scratchDirectory().resolve("tmp").toString(), "700");
        assertThat(j.scratchDirectory().resolve("tmp/file")).hasContent("made");
    }

    @Test
    void cancellationEndsTheWholeProcessTree() throws Exception {
        String tag = "gantry-test-" + System.nanoTime();
        Cancellation cancel = new Cancellation();
        StepsJob j = job(List.of("echo started; (setsid_free() { sleep 300; }; exec -a " + tag
                + "-daemon sleep 301 &) ; exec -a " + tag + "-bg sleep 302 & exec -a " + tag + "-fg sleep 303"),
                List.of(), Map.of());
        CompletableFuture<StepsResult> f = CompletableFuture.supplyAsync(() -> {
            try {
                return runner.runSteps(j, events, cancel);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (Processes.tagged(tag).size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(Processes.tagged(tag)).hasSize(3);
        long t0 = System.nanoTime();
        cancel.cancel(Cancellation.Reason.TIMEOUT);
        StepsResult r = f.get(10, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        assertThat(r.outcome()).isEqualTo(StepsResult.Outcome.CANCELLED);
        assertThat(Processes.tagged(tag)).isEmpty();
    }

    @Test
    void whatStepsLeaveRunningIsEndedWhenTheShellExits() throws Exception {
        String tag = "gantry-left-" + System.nanoTime();
        StepsResult r = run(List.of("(exec -a " + tag + " sleep 300 &) ; (exec -a " + tag
                + "-quiet sleep 301 >/dev/null 2>&1 &); echo done"));
        assertThat(r.succeeded()).isTrue();
        runner.close();
        assertThat(Processes.tagged(tag)).isEmpty();
    }

    @Test
    void scratchFilesStayPrivate() throws Exception {
        StepsJob j = job(List.of("true"), List.of(), Map.of());
        runner.runSteps(j, events, new Cancellation());
        assertThat(Files.getPosixFilePermissions(j.scratchDirectory()).toString()).doesNotContain("GROUP", "OTHERS");
    }

    /** Steps that detach in every way a shell offers; {@code tag} names their processes. */
    public static List<String> detachingSteps(String tag) {
        return List.of("(setsid bash -c 'exec -a " + tag + "-a sleep 991' &)",
                "setsid -f bash -c 'exec -a " + tag + "-b sleep 992'",
                "nohup setsid bash -c 'exec -a " + tag + "-c sleep 993' >/dev/null 2>&1 &",
                "eval $(ssh-agent -s) >/dev/null; echo \"agent $SSH_AGENT_PID\"");
    }

    @Test
    void nothingAnActionStartedOutlivesItWithACgroup() throws Exception {
        assumeCgroupsWritable();
        nothingOutlives(LocalRunner.create("local", RunnerLabels.of("amd64"), 4, Duration.ofMillis(500), true), "cg");
    }

    @Test
    void nothingAnActionStartedOutlivesItWithTheCookieAlone() throws Exception {
        ShellRunner cookieOnly = new ShellRunner("local", () -> RunnerLabels.of("amd64"), 4, new LocalTransport(),
                Duration.ofMillis(500), false);
        nothingOutlives(cookieOnly, "cookie");
    }

    /**
     * The steps never have a terminal: with a controlling terminal, Gantry starts each shell as the leader of a new
     * session (the shell's pid is its session id, and no tty); without one the shell is started directly and has no
     * terminal either. (This test's JVM has no controlling terminal; the session mode is chosen here by hand.)
     */
    @Test
    void stepsNeverGetATerminalAndANewSessionIsMadeWhenGantryHasOne() throws Exception {
        String probe = "read -r -a f < <(s=$(</proc/$$/stat); echo \"${s##*) }\"); echo \"sid=$(( f[3] == $$ )) tty=${f[4]}\"";
        for (boolean session : List.of(true, false)) {
            RecordingEvents seen = new RecordingEvents();
            ShellRunner r = new ShellRunner("local", () -> RunnerLabels.of("amd64"), 4, new LocalTransport(session),
                    Duration.ofMillis(500), false);
            StepsResult result = r.runSteps(job(List.of(probe), List.of(), Map.of()), seen, new Cancellation());
            r.close();
            assertThat(result.succeeded()).as(seen.all.toString()).isTrue();
            assertThat(seen.lines()).as("new session: " + session).containsExactly("sid=" + (session ? 1 : 0) + " tty=0");
        }
        assertThat(LocalTransport.terminalOf("4321 (a (b) c) S 1 4321 4321 34816 4321 4194560 ...")).isEqualTo(34816);
        assertThat(LocalTransport.terminalOf("7 (bash) R 6 7 7 0 -1 4194304 12")).isZero();
    }

    static void assumeCgroupsWritable() {
        boolean writable = false;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
                String[] f = line.split(" ");
                writable |= f.length > 3 && f[2].equals("cgroup2") && Files.isWritable(Path.of(f[1]));
            }
        } catch (java.io.IOException e) {
            // no /proc: no cgroups
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(writable, "cgroup v2 is not writable here: the cookie-only "
                + "test covers this machine");
    }

    void nothingOutlives(ShellRunner r, String kind) throws Exception {
        String tag = "gantry-detach-" + kind + "-" + System.nanoTime();
        StepsResult result = r.runSteps(job(detachingSteps(tag), List.of(), Map.of()), events, new Cancellation());
        assertThat(result.succeeded()).as(events.all.toString()).isTrue();
        String agent = events.lines().stream().filter(l -> l.startsWith("agent ")).findFirst().orElseThrow()
                .substring(6);
        r.close();
        assertThat(Processes.tagged(tag)).isEmpty();
        assertThat(Processes.running(Long.parseLong(agent))).as("ssh-agent " + agent).isFalse();
    }

    @Test
    void aProcessStartedWithGantryKeepRunningIsLeftRunning() throws Exception {
        String tag = "gantry-kept-" + System.nanoTime();
        StepsResult result = run(List.of("GANTRY_KEEP_RUNNING=1 setsid -f bash -c 'exec -a " + tag + " sleep 994' "
                        + ">/dev/null 2>&1",
                "(exec -a " + tag + "-not sleep 995 &)"));
        assertThat(result.succeeded()).isTrue();
        runner.close();
        try {
            assertThat(Processes.tagged(tag + "-not")).isEmpty();
            assertThat(Processes.tagged(tag)).hasSize(1);
        } finally {
            Processes.tagged(tag).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    @Test
    void markersNeverGoToTheStepsOwnStdout() throws Exception {
        StepsResult r = run(List.of("exec >build.log 2>&1; echo into-the-log", "echo still-logged",
                "exec > >(tee tee.log)", "echo teed", "exec >&-", "true"));
        assertThat(r.succeeded()).as(events.all + " " + r.message()).isTrue();
        assertThat(events.all).contains("S6", "E6=0");
        Path ws = tmp.resolve("ws");
        SampleJobs.waitFor(() -> ws.resolve("tee.log").toFile().length() > 0);
        assertThat(Files.readString(ws.resolve("build.log"))).isEqualTo("into-the-log\nstill-logged\nteed\n");
        assertThat(Files.readString(ws.resolve("tee.log"))).isEqualTo("teed\n");
    }

    @Test
    void stepDurationsAreTheStepsOwnEvenWhenManyRunAtOnce() throws Exception {
        ShellRunner wide = LocalRunner.create("local", RunnerLabels.of("amd64"), 40, Duration.ofMillis(500));
        List<RecordingEvents> all = new java.util.ArrayList<>();
        List<CompletableFuture<StepsResult>> running = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            RecordingEvents e = new RecordingEvents();
            all.add(e);
            StepsJob j = job(List.of("sleep 0.2", "sleep 0.2", "sleep 0.2"), List.of(), Map.of());
            running.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return wide.runSteps(j, e, new Cancellation());
                } catch (InterruptedException x) {
                    throw new IllegalStateException(x);
                }
            }));
        }
        for (CompletableFuture<StepsResult> f : running) {
            assertThat(f.get(120, TimeUnit.SECONDS).succeeded()).isTrue();
        }
        wide.close();
        for (RecordingEvents e : all) {
            assertThat(e.durations).hasSize(3);
            e.durations.values().forEach(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofMillis(200)));
        }
    }

    @Test
    void noSecretIsWrittenToAFile() throws Exception {
        String secret = "hunter2-" + System.nanoTime();
        Cancellation cancel = new Cancellation();
        StepsJob j = job(List.of("echo '" + secret + "' >/dev/null; echo started; sleep 30"), List.of("OUT"),
                Map.of("TOKEN", secret));
        CompletableFuture<StepsResult> f = CompletableFuture.supplyAsync(() -> {
            try {
                return runner.runSteps(j, events, cancel);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        SampleJobs.waitFor(() -> events.lines().contains("started"));
        try (var files = Files.walk(tmp)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1)).as(p.toString())
                        .doesNotContain(secret);
            }
        }
        cancel.cancel(Cancellation.Reason.INTERRUPTED);
        assertThat(f.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(StepsResult.Outcome.CANCELLED);
    }
}
