package dev.gantry.service;

import dev.gantry.engine.diagnostic.Diagnostic;
import dev.gantry.engine.run.RunEvent;
import dev.gantry.engine.run.RunListener;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A run the {@link RunService} started: its events (live, masked), cancellation, and its result. Thread-safe.
 */
public final class RunHandle {
    private final String runId;
    private final List<Diagnostic> warnings;
    private final List<RunListener> subscribers = new CopyOnWriteArrayList<>();
    private final CompletableFuture<RunResult> result = new CompletableFuture<>();
    private final List<String> notices = new CopyOnWriteArrayList<>();
    private volatile Runnable canceller = () -> { };

    RunHandle(String runId, List<Diagnostic> warnings) {
        this.runId = runId;
        this.warnings = List.copyOf(warnings);
    }

    static RunHandle finished(RunResult result) {
        RunHandle h = new RunHandle(result.runId(), List.of());
        h.result.complete(result);
        return h;
    }

    /** The run's id ({@code null} when it was refused). */
    public String runId() {
        return runId;
    }

    /** The workflow's warnings, known when the run starts. */
    public List<Diagnostic> warnings() {
        return warnings;
    }

    /**
     * Sends the run's events from now on to {@code listener} (events already sent are not repeated; pass listeners
     * to {@link RunService#start} to see every event). A listener that throws does not stop the others.
     */
    public void subscribe(RunListener listener) {
        subscribers.add(listener);
    }

    public void unsubscribe(RunListener listener) {
        subscribers.remove(listener);
    }

    /** What went wrong beside the actions while the run went on (e.g. a record that could not be written). */
    public List<String> notices() {
        return List.copyOf(notices);
    }

    void notice(String text) {
        notices.add(text);
    }

    /** Cancels the run: running actions end (their process trees too), waiting ones are skipped. Idempotent. */
    public void cancel() {
        canceller.run();
    }

    /** Waits for the run to end. */
    public RunResult await() throws InterruptedException {
        try {
            return result.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("the run failed inside Gantry", e.getCause());
        }
    }

    /** The result, as a future (completes when the run has ended and its records are written). */
    public CompletableFuture<RunResult> result() {
        return result;
    }

    void cancelWith(Runnable c) {
        canceller = c;
    }

    void complete(RunResult r) {
        result.complete(r);
    }

    void fail(Throwable t) {
        result.completeExceptionally(t);
    }

    /** The listener the executor feeds: every subscriber, each isolated from the others' failures. */
    RunListener subscribers() {
        return event -> {
            for (RunListener l : subscribers) {
                deliver(l, event);
            }
        };
    }

    private static void deliver(RunListener l, RunEvent event) {
        try {
            l.onEvent(event);
        } catch (RuntimeException e) {
            // a subscriber's bug must not stop the run or the other subscribers
        }
    }
}
