package dev.gantry.runners.local;

import dev.gantry.engine.run.Cancellation;
import dev.gantry.engine.run.JobEvents;
import dev.gantry.engine.run.Runner;
import dev.gantry.engine.run.RunnerLabels;
import dev.gantry.engine.run.StepsJob;
import dev.gantry.engine.run.StepsResult;
import dev.gantry.runners.shell.BashDriver;
import dev.gantry.runners.shell.OutputVariables;
import dev.gantry.runners.shell.ProcessTree;
import dev.gantry.runners.shell.StepTracker;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Runs an action's steps with bash on this machine: one {@code bash --noprofile --norc} per action, started as a
 * session leader ({@code setsid}) with exactly the job's environment, stdin from {@code /dev/null}, stderr merged
 * into stdout, in the job's working directory. See {@link BashDriver} for how steps run and {@link ProcessTree}
 * for how the process tree is ended (on cancel, and whatever the steps left running when the shell exits).
 */
public final class LocalRunner implements Runner {
    private final String name;
    private final RunnerLabels labels;
    private final int capacity;
    private final Duration killGrace;
    private final boolean setsid = ProcessTree.setsidAvailable();
    private final java.util.Set<CompletableFuture<Void>> cleanups = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.ExecutorService cleaners = java.util.concurrent.Executors
            .newCachedThreadPool(r -> {
                Thread t = new Thread(r, "gantry-local-cleanup");
                t.setDaemon(true);
                return t;
            });

    /**
     * @param name      shown in plans and summaries
     * @param labels    what it offers
     * @param capacity  actions at once
     * @param killGrace how long processes get between SIGTERM and SIGKILL
     */
    public LocalRunner(String name, RunnerLabels labels, int capacity, Duration killGrace) {
        this.name = name;
        this.labels = labels;
        this.capacity = capacity;
        this.killGrace = killGrace;
    }

    /** The default local runner: named {@code local}, this machine's architecture, a 2 s kill grace. */
    public static LocalRunner forThisMachine(int capacity) {
        return new LocalRunner("local", RunnerLabels.of(hostArchitecture()), capacity, Duration.ofSeconds(2));
    }

    /** This machine's architecture in the labels' terms: {@code amd64} or {@code arm64} (else as Java says). */
    public static String hostArchitecture() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return "local";
    }

    @Override
    public RunnerLabels labels() {
        return labels;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    /** Waits until what finished actions left running has been ended. */
    @Override
    public void close() {
        for (CompletableFuture<Void> f : List.copyOf(cleanups)) {
            f.join();
        }
    }

    @Override
    public StepsResult runSteps(StepsJob job, JobEvents events, Cancellation cancellation)
            throws InterruptedException {
        String nonce = BashDriver.newNonce();
        Path dir = job.scratchDirectory();
        try {
            BashDriver.write(dir, dir.toString(), job.steps(), job.outputVariables(), nonce);
        } catch (IOException e) {
            return StepsResult.failed(-1, 0, "could not write the step scripts: " + e.getMessage());
        }
        List<String> command = new ArrayList<>();
        if (setsid) {
            command.add("setsid");
        }
        command.addAll(List.of("bash", "--noprofile", "--norc", dir.resolve(BashDriver.DRIVER).toString()));
        ProcessBuilder pb = new ProcessBuilder(command).directory(job.workingDirectory().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(job.environment());
        if (cancellation.isCancelled()) {
            return StepsResult.cancelled("cancelled before the first step");
        }
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            return StepsResult.failed(-1, 0, "could not start bash: " + e.getMessage());
        }
        long sid = process.pid();
        ProcessHandle leader = process.toHandle();
        CompletableFuture<Void> killed = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicBoolean killing = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable unregister = cancellation.onCancel(() -> {
            killing.set(true);
            CompletableFuture.runAsync(() -> ProcessTree.end(sid, leader, killGrace))
                    .whenComplete((v, e) -> killed.complete(null));
        });
        // Once the shell exits, end whatever the steps left running (it may hold the output pipe open), in the
        // background: the action is over and need not wait; close() waits for every such clean-up.
        CompletableFuture<Void> leftovers = process.onExit().thenRunAsync(
                () -> ProcessTree.end(sid, null, killGrace), cleaners);
        cleanups.add(leftovers);
        leftovers.whenComplete((v, e) -> cleanups.remove(leftovers));
        StepTracker tracker = new StepTracker(nonce, job.steps().size(), events);
        tracker.readAll(process.getInputStream());
        int exit = process.waitFor();
        unregister.run();
        if (killing.get()) {
            killed.join();
        }
        if (cancellation.isCancelled()) {
            return StepsResult.cancelled("cancelled (" + cancellation.reason().name().toLowerCase(Locale.ROOT)
                    + ") during step " + tracker.currentStep());
        }
        return tracker.outcome(exit, OutputVariables.read(dir, events));
    }
}
