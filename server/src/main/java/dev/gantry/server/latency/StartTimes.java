package dev.gantry.server.latency;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One run's way from its trigger to its first step: when the trigger arrived ({@code origin}, wall clock) and how
 * long after it each phase was reached.
 *
 * @param trigger    {@code webhook}, {@code poll}, {@code api}, {@code schedule}, ...
 * @param runId      the run, once queued
 * @param commit     the commit it runs
 * @param origin     when the trigger arrived
 * @param sinceOrigin each phase reached, with the time from {@code origin}
 */
public record StartTimes(String trigger, Long runId, String commit, Instant origin,
                         Map<StartPhase, Duration> sinceOrigin) {
    public StartTimes {
        sinceOrigin = Map.copyOf(sinceOrigin);
    }

    /**
     * The time {@code phase} took: from the previous phase reached (or the origin) to it; empty when it was not
     * reached.
     */
    public Optional<Duration> took(StartPhase phase) {
        Duration at = sinceOrigin.get(phase);
        if (at == null) {
            return Optional.empty();
        }
        Duration previous = Duration.ZERO;
        for (StartPhase p : StartPhase.values()) {
            if (p == phase) {
                break;
            }
            previous = sinceOrigin.getOrDefault(p, previous);
        }
        return Optional.of(at.minus(previous).isNegative() ? Duration.ZERO : at.minus(previous));
    }
}
