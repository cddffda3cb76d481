package dev.gantry.engine.run;

import java.util.ArrayList;
import java.util.List;

/**
 * A one-shot cancellation signal for one action (or a whole run). Runners register what ends their processes with
 * {@link #onCancel}; the executor fires it on timeout, fail-fast or interrupt. Thread-safe.
 */
public final class Cancellation {
    /** Why something was cancelled. */
    public enum Reason {
        /** The action's {@code Timeout} elapsed. */
        TIMEOUT,
        /** Another action failed and the run was started with {@code --fail-fast}. */
        FAIL_FAST,
        /** The user interrupted the run (Ctrl-C, SIGTERM). */
        INTERRUPTED
    }

    private final List<Runnable> callbacks = new ArrayList<>();
    private Reason reason;

    /** Fires the signal (the first reason wins); runs every registered callback once. */
    public void cancel(Reason why) {
        List<Runnable> toRun;
        synchronized (this) {
            if (reason != null) {
                return;
            }
            reason = why;
            toRun = new ArrayList<>(callbacks);
            callbacks.clear();
        }
        toRun.forEach(Cancellation::runQuietly);
    }

    public synchronized boolean isCancelled() {
        return reason != null;
    }

    /** The reason, or {@code null} while not cancelled. */
    public synchronized Reason reason() {
        return reason;
    }

    /**
     * Registers {@code callback}, run once when cancelled (at once, on this thread, if already cancelled).
     * Returns a handle that unregisters it.
     */
    public Runnable onCancel(Runnable callback) {
        synchronized (this) {
            if (reason == null) {
                callbacks.add(callback);
                return () -> {
                    synchronized (this) {
                        callbacks.remove(callback);
                    }
                };
            }
        }
        runQuietly(callback);
        return () -> { };
    }

    private static void runQuietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException ignored) {
            // a failing callback must not stop the others
        }
    }
}
