package dev.gantry.server.queue;

import dev.gantry.engine.model.RunMode;
import dev.gantry.engine.run.Cancellation;
import dev.gantry.server.queue.RunQueues.Arrival;
import dev.gantry.server.queue.RunQueues.QueueKey;

import java.util.List;
import java.util.function.Consumer;

/**
 * {@link RunQueues} for threads: an action's thread calls {@link #enter} before the action starts and blocks while
 * an earlier run of the same workflow holds the action (QUEUED, SUPERSEDED), and {@link #leave} when it ends.
 * Runs a newer one supersedes are handed to {@code onSuperseded} (the coordinator cancels them as Superseded).
 */
public final class QueueGate {
    private final RunQueues queues = new RunQueues();
    private final Consumer<String> onSuperseded;

    public QueueGate(Consumer<String> onSuperseded) {
        this.onSuperseded = onSuperseded;
    }

    /** Why a run could not enter. */
    public static final class QueueFullException extends Exception {
        public QueueFullException(String message) {
            super(message);
        }
    }

    /**
     * Waits until {@code runId} holds {@code node} of {@code workflow}; returns {@code false} when
     * {@code cancellation} fired first (the run then no longer waits there).
     */
    public boolean enter(String workflow, String node, RunMode mode, String runId, Cancellation cancellation)
            throws InterruptedException, QueueFullException {
        QueueKey key = new QueueKey(workflow, node);
        Arrival arrival;
        synchronized (this) {
            arrival = queues.arrive(key, mode == null ? RunMode.QUEUED : mode, runId);
        }
        List<String> superseded = arrival.superseded();
        superseded.forEach(onSuperseded);
        if (arrival instanceof Arrival.Full full) {
            throw new QueueFullException("the queue at " + node + " already holds " + full.waiting()
                    + " waiting runs (the most a queue holds)");
        }
        if (arrival instanceof Arrival.Entered) {
            return true;
        }
        Runnable unregister = cancellation.onCancel(() -> {
            synchronized (this) {
                notifyAll();
            }
        });
        try {
            synchronized (this) {
                while (!queues.holds(key, runId)) {
                    if (cancellation.isCancelled()) {
                        queues.leave(key, runId);
                        notifyAll();
                        return false;
                    }
                    wait(1_000);
                }
                return true;
            }
        } finally {
            unregister.run();
        }
    }

    /** {@code runId} is done with {@code node}: the next waiting run may enter. */
    public synchronized void leave(String workflow, String node, String runId) {
        if (!queues.leave(new QueueKey(workflow, node), runId).isEmpty()) {
            notifyAll();
        }
    }

    /** {@code runId} ended: it leaves every queue. */
    public synchronized void leaveAll(String runId) {
        queues.leaveAll(runId);
        notifyAll();
    }

    /** Runs waiting in all queues. */
    public synchronized int waiting() {
        return queues.waitingCounts().values().stream().mapToInt(Integer::intValue).sum();
    }
}
