package dev.gantry.server.runs;

import dev.gantry.server.history.NewRun;
import dev.gantry.server.history.RunRecord;

/** Accepts a run: records it (Queued) and has it started. */
@FunctionalInterface
public interface RunSubmitter {
    RunRecord submit(NewRun run);
}
