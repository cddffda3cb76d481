package dev.gantry.server.queue;

import dev.gantry.engine.model.RunMode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * CodeCatalyst's {@code RunMode} as a policy with no threads (reference §1.3): for each workflow, one queue at the
 * entrance of each action and action group. A run that enters a queue's node holds it until it leaves; under
 * {@link RunMode#QUEUED} later runs wait in arrival order (at most {@link #MAX_WAITING} per queue), under
 * {@link RunMode#SUPERSEDED} a queue keeps one waiting run and a newer arrival supersedes it, under
 * {@link RunMode#PARALLEL} nobody waits.
 *
 * <p>Not thread-safe: the caller serializes calls (the server holds one lock around it) and wakes the runs this
 * type names as admitted.
 */
public final class RunQueues {
    /** The most runs that may wait in one queue (the reference's limit). */
    public static final int MAX_WAITING = 50;

    private final Map<QueueKey, Queue> queues = new LinkedHashMap<>();

    /** One queue: which workflow, which action or group entrance. */
    public record QueueKey(String workflow, String node) {
        public QueueKey {
            Objects.requireNonNull(workflow);
            Objects.requireNonNull(node);
        }
    }

    /** What happened when a run arrived at an entrance. */
    public sealed interface Arrival {
        /** Runs that lost their place to this one (SUPERSEDED); they must end as Superseded. */
        List<String> superseded();

        /** The run holds the node now and may start it. */
        record Entered(List<String> superseded) implements Arrival {
        }

        /** The run waits; {@code position} is 1 for the next to enter. */
        record Waiting(int position, List<String> superseded) implements Arrival {
        }

        /** The queue already holds {@link #MAX_WAITING} waiting runs: the run cannot wait here. */
        record Full(int waiting) implements Arrival {
            @Override
            public List<String> superseded() {
                return List.of();
            }
        }
    }

    private static final class Queue {
        String holder;
        final Deque<String> waiting = new ArrayDeque<>();
    }

    /** Run {@code runId} (of a workflow with {@code mode}) arrives at the entrance of {@code key}. */
    public Arrival arrive(QueueKey key, RunMode mode, String runId) {
        if (mode == RunMode.PARALLEL) {
            return new Arrival.Entered(List.of());
        }
        Queue q = queues.computeIfAbsent(key, k -> new Queue());
        if (runId.equals(q.holder) || q.waiting.contains(runId)) {
            throw new IllegalStateException("run " + runId + " is already at " + key);
        }
        if (q.holder == null && q.waiting.isEmpty()) {
            q.holder = runId;
            return new Arrival.Entered(List.of());
        }
        List<String> superseded = new ArrayList<>();
        if (mode == RunMode.SUPERSEDED) {
            superseded.addAll(q.waiting);
            q.waiting.clear();
        } else if (q.waiting.size() >= MAX_WAITING) {
            return new Arrival.Full(q.waiting.size());
        }
        q.waiting.addLast(runId);
        return new Arrival.Waiting(q.waiting.size(), List.copyOf(superseded));
    }

    /**
     * Run {@code runId} leaves the node of {@code key} (finished it, or gave up waiting there). Returns the run
     * that enters next, if one was waiting and the node is free now.
     */
    public List<String> leave(QueueKey key, String runId) {
        Queue q = queues.get(key);
        if (q == null) {
            return List.of();
        }
        List<String> admitted = new ArrayList<>(1);
        if (runId.equals(q.holder)) {
            q.holder = q.waiting.pollFirst();
            if (q.holder != null) {
                admitted.add(q.holder);
            }
        } else {
            q.waiting.remove(runId);
        }
        if (q.holder == null && q.waiting.isEmpty()) {
            queues.remove(key);
        }
        return admitted;
    }

    /** Run {@code runId} leaves every queue it holds or waits in (it ended); returns the runs admitted, by queue. */
    public Map<QueueKey, String> leaveAll(String runId) {
        Map<QueueKey, String> admitted = new LinkedHashMap<>();
        for (QueueKey key : List.copyOf(queues.keySet())) {
            for (String next : leave(key, runId)) {
                admitted.put(key, next);
            }
        }
        return admitted;
    }

    /** Whether {@code runId} holds the node of {@code key}. */
    public boolean holds(QueueKey key, String runId) {
        Queue q = queues.get(key);
        return q != null && runId.equals(q.holder);
    }

    /** How many runs wait in each non-empty queue (for metrics and the API). */
    public Map<QueueKey, Integer> waitingCounts() {
        Map<QueueKey, Integer> result = new HashMap<>();
        queues.forEach((k, q) -> result.put(k, q.waiting.size()));
        return result;
    }

    /** The runs waiting at {@code key}, next first. */
    public List<String> waiting(QueueKey key) {
        Queue q = queues.get(key);
        return q == null ? List.of() : List.copyOf(q.waiting);
    }
}
