package dev.gantry.server.latency;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The start timelines of the most recent runs that reached their first step (at most {@link #capacity()}; older
 * ones are dropped), each also handed to a sink as it completes (the server's metrics:
 * {@code gantry_start_phase_seconds}). The bench reads {@link #recent()} to print where the time goes.
 */
public final class StartLatencies {
    /** How many timelines are kept by default. */
    public static final int DEFAULT_CAPACITY = 1000;

    private final int capacity;
    private final BiConsumer<StartPhase, StartTimes> sink;
    private final Deque<StartTimes> recent = new ArrayDeque<>();

    /**
     * @param capacity how many timelines to keep
     * @param sink     told of each phase of each completed timeline (e.g. metrics)
     */
    public StartLatencies(int capacity, BiConsumer<StartPhase, StartTimes> sink) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.sink = sink;
    }

    /** Records a run's timeline once its first step was reported; others are not kept. */
    public void completed(StartTimeline timeline) {
        if (!timeline.reached(StartPhase.STEP_STARTED)) {
            return;
        }
        StartTimes times = timeline.times();
        synchronized (recent) {
            if (recent.size() == capacity) {
                recent.removeFirst();
            }
            recent.addLast(times);
        }
        for (StartPhase p : StartPhase.values()) {
            if (times.sinceOrigin().containsKey(p)) {
                sink.accept(p, times);
            }
        }
    }

    /** The kept timelines, oldest first. */
    public List<StartTimes> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    public int capacity() {
        return capacity;
    }
}
