package dev.gantry.server.latency;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Timelines: each phase's own time, copies per run, and a bounded record of completed ones. */
class StartLatenciesTest {
    @Test
    void eachPhaseTakesFromThePreviousPhaseReachedAndTheFirstMarkWins() {
        StartTimeline t = StartTimeline.begin("webhook");
        Instant origin = t.times().origin();
        t.mark(StartPhase.DELIVERY_RECORDED, origin.plusMillis(2));
        t.mark(StartPhase.FETCHED, origin.plusMillis(10));
        t.mark(StartPhase.FETCHED, origin.plusMillis(50)); // a second mark changes nothing
        t.mark(StartPhase.WORKFLOWS_READ, origin.plusMillis(11)); // CHANGED_FILES not reached: from FETCHED
        StartTimeline run = t.forRun(7, "abc");
        run.mark(StartPhase.QUEUED, origin.plusMillis(15));
        StartTimes times = run.times();
        assertThat(times.runId()).isEqualTo(7L);
        assertThat(times.commit()).isEqualTo("abc");
        assertThat(times.took(StartPhase.DELIVERY_RECORDED)).hasValue(Duration.ofMillis(2));
        assertThat(times.took(StartPhase.FETCHED)).hasValue(Duration.ofMillis(8));
        assertThat(times.took(StartPhase.CHANGED_FILES)).isEmpty();
        assertThat(times.took(StartPhase.WORKFLOWS_READ)).hasValue(Duration.ofMillis(1));
        assertThat(times.took(StartPhase.QUEUED)).hasValue(Duration.ofMillis(4));
        // the trigger's own timeline is not changed by its run's
        assertThat(t.reached(StartPhase.QUEUED)).isFalse();
    }

    @Test
    void keepsOnlyCompletedTimelinesAndAtMostItsCapacity() {
        List<StartPhase> told = new ArrayList<>();
        StartLatencies latencies = new StartLatencies(2, (phase, times) -> told.add(phase));
        StartTimeline unfinished = StartTimeline.begin("poll").forRun(1, "a");
        unfinished.mark(StartPhase.QUEUED);
        latencies.completed(unfinished);
        assertThat(latencies.recent()).isEmpty();
        assertThat(told).isEmpty();
        for (long id = 2; id <= 4; id++) {
            StartTimeline t = StartTimeline.begin("webhook").forRun(id, "c" + id);
            t.mark(StartPhase.QUEUED);
            t.mark(StartPhase.STEP_STARTED);
            latencies.completed(t);
        }
        assertThat(latencies.recent()).extracting(StartTimes::runId).containsExactly(3L, 4L);
        assertThat(told).containsExactly(StartPhase.QUEUED, StartPhase.STEP_STARTED, StartPhase.QUEUED,
                StartPhase.STEP_STARTED, StartPhase.QUEUED, StartPhase.STEP_STARTED);
        assertThatThrownBy(() -> new StartLatencies(0, (p, t) -> { })).isInstanceOf(IllegalArgumentException.class);
    }
}
