package dev.gantry.runners.transport;

import dev.gantry.engine.run.Cancellation;
import dev.gantry.engine.run.JobEvents;
import dev.gantry.engine.run.Runner;
import dev.gantry.engine.run.RunnerLabels;
import dev.gantry.engine.run.StepsJob;
import dev.gantry.engine.run.StepsResult;
import dev.gantry.runners.shell.BashDriver;
import dev.gantry.runners.shell.OutputVariables;
import dev.gantry.runners.shell.StepShell;
import dev.gantry.runners.shell.StepTracker;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The one runner skeleton, over a {@link Transport}: for each action it opens the transport's place, starts the
 * {@link BashDriver} there and writes the step program on its stdin, streams the output through a
 * {@link StepTracker} (steps, statuses, durations), reads the output variables, and ends every process the action
 * started with a {@code ProcessSweep} (on cancel, and when the shell has exited), then closes the place (copy back,
 * remove). Every runner kind is this class with another transport.
 */
public final class ShellRunner implements Runner {
    private static final Duration READ_LIMIT = Duration.ofMinutes(1);
    private static final Duration DRAIN = Duration.ofSeconds(2);
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");

    private final String name;
    private final Supplier<RunnerLabels> labels;
    private final int capacity;
    private final Transport transport;
    private final Duration killGrace;
    private final boolean cgroups;
    private final Set<CompletableFuture<Void>> cleanups = ConcurrentHashMap.newKeySet();
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "gantry-runner");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param name      shown in plans and summaries
     * @param labels    what it offers (asked each time: an ssh host's architecture is known once probed)
     * @param capacity  actions at once
     * @param transport how to reach the place where the shell runs
     * @param killGrace how long processes get between SIGTERM and SIGKILL
     * @param cgroups   whether the shell makes a cgroup for the action where cgroup v2 is writable ({@code false}:
     *                  the environment cookie alone finds the action's processes)
     */
    public ShellRunner(String name, Supplier<RunnerLabels> labels, int capacity, Transport transport,
                       Duration killGrace, boolean cgroups) {
        this.name = name;
        this.labels = labels;
        this.capacity = capacity;
        this.transport = transport;
        this.killGrace = killGrace;
        this.cgroups = cgroups;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return transport.kind();
    }

    @Override
    public RunnerLabels labels() {
        return labels.get();
    }

    @Override
    public int capacity() {
        return capacity;
    }

    /** Its transport. */
    public Transport transport() {
        return transport;
    }

    /** Waits until what finished actions left running has been ended, then closes the transport. */
    @Override
    public void close() {
        for (CompletableFuture<Void> f : List.copyOf(cleanups)) {
            f.join();
        }
        transport.close();
        background.shutdown();
    }

    @Override
    public StepsResult runSteps(StepsJob job, JobEvents events, Cancellation cancellation)
            throws InterruptedException {
        if (cancellation.isCancelled()) {
            return StepsResult.cancelled("cancelled before the first step");
        }
        Transport.Session session;
        try {
            Files.setPosixFilePermissions(job.scratchDirectory(), PRIVATE);
            // the action's temporary folder: made here where the shell sees the local folder (no mkdir there)
            Path temp = job.scratchDirectory().resolve(BashDriver.TEMP);
            if (!Files.isDirectory(temp)) {
                Files.createDirectory(temp, PosixFilePermissions.asFileAttribute(PRIVATE));
            }
            session = transport.open(job, cancellation);
        } catch (IOException e) {
            return StepsResult.failed(-1, 0, "could not prepare the private scratch folder: " + e.getMessage());
        } catch (TransportException e) {
            return cancellation.isCancelled() ? cancelled(cancellation, 0, "while preparing " + transport.kind())
                    : StepsResult.failed(-1, 0, e.getMessage());
        }
        boolean closeInBackground = false;
        try {
            String nonce = BashDriver.newNonce();
            String cookie = BashDriver.newNonce();
            String scratch = session.pathOf(job.scratchDirectory().toAbsolutePath().normalize());
            StepShell shellKind = session.shell();
            if (shellKind == StepShell.POSIX) {
                events.log("gantry: " + session.describe() + " has no bash: the steps run with /bin/sh");
            }
            if (session.kept() != null) {
                events.log("gantry: " + session.kept());
            }
            String program = shellKind.program(scratch,
                    session.pathOf(job.workingDirectory().toAbsolutePath().normalize()), session.environment(job),
                    job.steps(), job.outputVariables(), nonce, cookie, cgroups);
            if (cancellation.isCancelled()) {
                return cancelled(cancellation, 0, "before the first step");
            }
            Transport.ShellProcess shell;
            try {
                shell = session.start(shellKind.command(cookie));
            } catch (IOException e) {
                return StepsResult.failed(-1, 0, "could not start " + shellKind.executable() + " ("
                        + session.describe() + "): "
                        + e.getMessage());
            }
            StepTracker tracker = new StepTracker(nonce, job.steps().size(), events);
            CompletableFuture<Void> fed = CompletableFuture.runAsync(() -> feed(shell.stdin(), program), background);
            AtomicBoolean ending = new AtomicBoolean();
            CompletableFuture<Void> ended = new CompletableFuture<>();
            Runnable unregister = cancellation.onCancel(() -> {
                ending.set(true);
                CompletableFuture.runAsync(() -> {
                    sweep(session, cookie, tracker.cgroup(), "");
                    shell.abort();
                }, background).whenComplete((v, e) -> ended.complete(null));
            });
            // The moment the shell exits, end what the steps left running (it may hold the output stream open), and,
            // where files must be copied back, read the output variables in the same round trip.
            boolean inPlace = session.worksInPlace();
            String catOutputs = inPlace || job.outputVariables().isEmpty() ? "" : "cat -- "
                    + ShellQuoting.quote(scratch + "/" + BashDriver.OUTPUTS) + " 2>/dev/null";
            CompletableFuture<Integer> exited = CompletableFuture.supplyAsync(() -> waitFor(shell), background);
            CompletableFuture<byte[]> swept = exited.thenApplyAsync(
                    x -> sweep(session, cookie, tracker.cgroup(), catOutputs), background);
            // Read on another thread, so that a process deliberately left running (GANTRY_KEEP_RUNNING=1) that still
            // holds the output stream cannot hold up the action: once the sweep is done, output gets DRAIN to end.
            CompletableFuture<Void> read = CompletableFuture.runAsync(() -> tracker.readAll(shell.output()),
                    background);
            try {
                CompletableFuture.anyOf(read, swept).join();
                if (!read.isDone()) {
                    read.get(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (TimeoutException | ExecutionException e) {
                tracker.detach();
                tracker.finish();
            }
            int exit = exited.join();
            unregister.run();
            if (ending.get()) {
                ended.join();
            }
            fed.join();
            closeInBackground = true;
            if (inPlace) {
                // Nothing to copy back: the sweep and the close may finish after the result (close() waits).
                CompletableFuture<Void> cleanup = swept.thenRunAsync(() -> closeQuietly(session, true), background);
                cleanups.add(cleanup);
                cleanup.whenComplete((v, e) -> cleanups.remove(cleanup));
                return outcome(cancellation, tracker, exit, session, () -> readOutputs(session, scratch, job,
                        events));
            }
            byte[] outputs = swept.join();
            try {
                session.close(cancellation.reason() != Cancellation.Reason.INTERRUPTED);
            } catch (IOException e) {
                if (!cancellation.isCancelled()) {
                    return StepsResult.failed(-1, tracker.currentStep(), e.getMessage());
                }
            }
            return outcome(cancellation, tracker, exit, session, () -> OutputVariables.parse(outputs, events::log));
        } finally {
            if (!closeInBackground) {
                closeQuietly(session, cancellation.reason() != Cancellation.Reason.INTERRUPTED);
            }
        }
    }

    private StepsResult outcome(Cancellation cancellation, StepTracker tracker, int exit, Transport.Session session,
                                Supplier<Map<String, String>> outputs) {
        if (cancellation.isCancelled()) {
            return cancelled(cancellation, tracker.currentStep(), null);
        }
        if (tracker.currentStep() == 0) {
            String why = session.startFailure(exit);
            if (why != null) {
                return StepsResult.failed(exit, 0, why);
            }
        }
        if (exit < 0) {
            return StepsResult.failed(-1, tracker.currentStep(), "lost the connection to " + session.describe()
                    + " during step " + tracker.currentStep());
        }
        return tracker.outcome(exit, outputs.get());
    }

    private static StepsResult cancelled(Cancellation cancellation, int step, String when) {
        return StepsResult.cancelled("cancelled (" + cancellation.reason().name().toLowerCase(Locale.ROOT) + ") "
                + (when != null ? when : "during step " + step));
    }

    private static Map<String, String> readOutputs(Transport.Session session, String scratch, StepsJob job,
                                                   JobEvents events) {
        if (job.outputVariables().isEmpty()) {
            return Map.of();
        }
        try {
            return OutputVariables.parse(session.read(scratch + "/" + BashDriver.OUTPUTS), events::log);
        } catch (IOException e) {
            events.log("gantry: could not read the output variables: " + e.getMessage());
            return Map.of();
        }
    }

    private byte[] sweep(Transport.Session session, String cookie, String cgroup, String then) {
        try {
            return session.endProcesses(cookie, cgroup, killGrace, then, killGrace.plus(READ_LIMIT));
        } catch (IOException e) {
            return new byte[0]; // the place is gone, and its processes with it
        }
    }

    private static int waitFor(Transport.ShellProcess shell) {
        try {
            return shell.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void feed(OutputStream stdin, String program) {
        try (stdin) {
            stdin.write(program.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the shell is gone before it read its program: its exit status says why
        }
    }

    private static void closeQuietly(Transport.Session session, boolean copyBack) {
        try {
            session.close(copyBack);
        } catch (IOException ignored) {
            // best effort: nothing to report to
        }
    }
}
