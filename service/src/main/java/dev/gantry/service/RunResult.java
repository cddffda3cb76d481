package dev.gantry.service;

import dev.gantry.engine.diagnostic.Diagnostic;
import dev.gantry.engine.run.RunReport;
import dev.gantry.engine.run.RunStatus;

import java.nio.file.Path;
import java.util.List;

/**
 * How a requested run ended.
 *
 * @param outcome      what happened
 * @param runId        the run's id ({@code null} when it never started)
 * @param runDirectory the run's records folder ({@code null} when it never started)
 * @param report       every action's result ({@code null} when it never started)
 * @param diagnostics  the workflow's warnings, and the problems that stopped it before anything ran
 */
public record RunResult(Outcome outcome, String runId, Path runDirectory, RunReport report,
                        List<Diagnostic> diagnostics) {
    public RunResult {
        diagnostics = List.copyOf(diagnostics);
    }

    /** What happened to a requested run. */
    public enum Outcome {
        /** Every action succeeded. */
        SUCCEEDED,
        /** An action failed, timed out or was skipped. */
        FAILED,
        /** Cancelled (Ctrl-C, SIGTERM, {@link RunHandle#cancel()}). */
        INTERRUPTED,
        /** Nothing ran: the workflow has errors, or planning found problems in it (positioned diagnostics). */
        INVALID_WORKFLOW,
        /** Nothing ran: the request or the configuration is unusable (unreadable paths, secrets, runners, AWS). */
        REFUSED;

        static Outcome of(RunStatus status) {
            return switch (status) {
                case SUCCEEDED -> SUCCEEDED;
                case FAILED -> FAILED;
                case INTERRUPTED -> INTERRUPTED;
            };
        }
    }

    static RunResult notRun(Outcome outcome, List<Diagnostic> diagnostics) {
        return new RunResult(outcome, null, null, null, diagnostics);
    }

    /** Whether it ran (the report is there). */
    public boolean ran() {
        return report != null;
    }
}
