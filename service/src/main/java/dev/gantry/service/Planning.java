package dev.gantry.service;

import dev.gantry.engine.diagnostic.Diagnostic;

import java.util.List;

/**
 * What {@link RunService#plan} found: a planned run, or why there is none.
 */
public sealed interface Planning {
    /** The run can start. */
    record Ready(PlannedRun run) implements Planning {
    }

    /**
     * Nothing can run.
     *
     * @param outcome     {@link RunResult.Outcome#INVALID_WORKFLOW} or {@link RunResult.Outcome#REFUSED}
     * @param diagnostics every problem (and the workflow's warnings), positioned where a position exists
     */
    record Refused(RunResult.Outcome outcome, List<Diagnostic> diagnostics) implements Planning {
        public Refused {
            diagnostics = List.copyOf(diagnostics);
        }
    }
}
