package dev.gantry.server.latency;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * When one trigger (a webhook, a poll, an API call) passed each {@link StartPhase} on its way to a run's first
 * step. Begun where the trigger arrives, handed down the dispatch path, and copied for each run it queues (one push
 * may start several workflows). Times are wall-clock microseconds (comparable with a step's own {@code date}); the
 * first mark of a phase wins. Safe to mark from any thread.
 */
public final class StartTimeline {
    private final String trigger;
    private final long originMicros;
    private final long runId;
    private final String commit;
    private final AtomicLongArray marks;

    private StartTimeline(String trigger, long originMicros, long runId, String commit, AtomicLongArray marks) {
        this.trigger = trigger;
        this.originMicros = originMicros;
        this.runId = runId;
        this.commit = commit;
        this.marks = marks;
    }

    /** A timeline beginning now, for a trigger of kind {@code trigger} ({@code webhook}, {@code poll}, ...). */
    public static StartTimeline begin(String trigger) {
        return new StartTimeline(trigger, micros(Instant.now()), -1, null,
                new AtomicLongArray(StartPhase.values().length));
    }

    /** Marks {@code phase} reached now (unless it was reached before). */
    public void mark(StartPhase phase) {
        mark(phase, Instant.now());
    }

    /** Marks {@code phase} reached at {@code at} (an event's own time), unless it was reached before. */
    public void mark(StartPhase phase, Instant at) {
        marks.compareAndSet(phase.ordinal(), 0, Math.max(originMicros, micros(at)));
    }

    /** Whether {@code phase} was reached. */
    public boolean reached(StartPhase phase) {
        return marks.get(phase.ordinal()) != 0;
    }

    /** A copy of this timeline (the phases reached so far) for run {@code runId} on {@code commit}. */
    public StartTimeline forRun(long runId, String commit) {
        AtomicLongArray copy = new AtomicLongArray(marks.length());
        for (int i = 0; i < marks.length(); i++) {
            copy.set(i, marks.get(i));
        }
        return new StartTimeline(trigger, originMicros, runId, commit, copy);
    }

    /** What was reached so far. */
    public StartTimes times() {
        Map<StartPhase, Duration> since = new EnumMap<>(StartPhase.class);
        for (StartPhase p : StartPhase.values()) {
            long at = marks.get(p.ordinal());
            if (at != 0) {
                since.put(p, Duration.ofNanos((at - originMicros) * 1000));
            }
        }
        return new StartTimes(trigger, runId < 0 ? null : runId, commit,
                Instant.ofEpochSecond(originMicros / 1_000_000, (originMicros % 1_000_000) * 1000), since);
    }

    private static long micros(Instant at) {
        return at.getEpochSecond() * 1_000_000 + at.getNano() / 1000;
    }
}
