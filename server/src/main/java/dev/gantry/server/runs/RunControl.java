package dev.gantry.server.runs;

import dev.gantry.server.gates.GateDesk;
import dev.gantry.server.history.RunRecord;

import java.util.Optional;

/** What the API may do to runs: start (see {@link RunSubmitter}), stop, repeat, and the gates they wait at. */
public interface RunControl extends RunSubmitter {
    /** Stops a queued or running run (it ends Stopped); {@code false} when it had already ended. */
    boolean cancel(long runId, String by);

    /** A new run of a finished run's workflow, commit and variables; empty when there is no such run. */
    Optional<RunRecord> rerun(long runId, String by);

    /** Where approval gates wait. */
    GateDesk gates();

    /** Whether the run's actions are still running in this server (so its log may still grow). */
    boolean isActive(long runId);
}
