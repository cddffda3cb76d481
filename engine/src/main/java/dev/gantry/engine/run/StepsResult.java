package dev.gantry.engine.run;

import java.util.Map;

/**
 * How a runner's {@link Runner#runSteps} ended.
 *
 * @param outcome    succeeded, failed, or cancelled
 * @param exitCode   the failing step's exit status (0 when succeeded; -1 when there is none, e.g. cancelled or the
 *                   runner could not start the shell)
 * @param failedStep the 1-based step that failed, or 0 when none did
 * @param outputs    the captured output variables (only when succeeded), by name; unset variables are absent
 * @param message    a one-line explanation for people when not succeeded, else {@code null}
 */
public record StepsResult(Outcome outcome, int exitCode, int failedStep, Map<String, String> outputs,
                          String message) {
    /** The three ways steps end. */
    public enum Outcome { SUCCEEDED, FAILED, CANCELLED }

    public StepsResult {
        outputs = Map.copyOf(outputs);
    }

    public static StepsResult succeeded(Map<String, String> outputs) {
        return new StepsResult(Outcome.SUCCEEDED, 0, 0, outputs, null);
    }

    public static StepsResult failed(int exitCode, int failedStep, String message) {
        return new StepsResult(Outcome.FAILED, exitCode, failedStep, Map.of(), message);
    }

    public static StepsResult cancelled(String message) {
        return new StepsResult(Outcome.CANCELLED, -1, 0, Map.of(), message);
    }

    public boolean succeeded() {
        return outcome == Outcome.SUCCEEDED;
    }
}
