package dev.gantry.engine.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of a whole run.
 *
 * @param runId    the run's id (its folder name under {@code .gantry/runs/})
 * @param workflow the workflow's name
 * @param status   how it ended
 * @param started  when it started
 * @param finished when it ended
 * @param actions  every planned action's result, in plan order
 */
public record RunReport(String runId, String workflow, RunStatus status, Instant started, Instant finished,
                        List<ActionResult> actions) {
    public RunReport {
        actions = List.copyOf(actions);
    }

    public Duration duration() {
        return Duration.between(started, finished);
    }
}
