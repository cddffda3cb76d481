package dev.gantry.server.runs;

import dev.gantry.server.history.NewRun;
import dev.gantry.server.history.RunRecord;
import dev.gantry.server.latency.StartTimeline;

/** Accepts a run: records it (Queued) and has it started. */
@FunctionalInterface
public interface RunSubmitter {
    /** Records and starts {@code run}; {@code timeline} (the trigger's, so far) is carried on to its first step. */
    RunRecord submit(NewRun run, StartTimeline timeline);

    /** Records and starts {@code run}, asked for through the API. */
    default RunRecord submit(NewRun run) {
        return submit(run, StartTimeline.begin("api"));
    }
}
