package dev.gantry.engine.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What happens during a run, in order, for reporters (console, JSON, run records). Delivered one at a time to a
 * {@link RunListener}, with every secret already masked.
 */
public sealed interface RunEvent {
    /** When it happened. */
    Instant at();

    /** This event with every secret in its text replaced. */
    RunEvent masked(SecretMasker masker);

    /**
     * The run began.
     *
     * @param runId    the run's id
     * @param workflow the workflow's name
     * @param actions  the planned actions in plan order, with the runner each may use
     */
    record RunStarted(String runId, String workflow, List<PlannedAction> actions, Instant at) implements RunEvent {
        public RunStarted {
            actions = List.copyOf(actions);
        }

        @Override
        public RunEvent masked(SecretMasker masker) {
            return this;
        }
    }

    /**
     * One action of the plan, for display.
     *
     * @param actionId  qualified id
     * @param runner    the name of the runner it is planned on (the first candidate), or {@code null} for actions
     *                  that need none (gates)
     * @param dependsOn ids of the actions it waits for
     */
    record PlannedAction(String actionId, String runner, List<String> dependsOn) {
        public PlannedAction {
            dependsOn = List.copyOf(dependsOn);
        }
    }

    /** An action got a slot and started. */
    record ActionStarted(String actionId, String runner, Instant at) implements RunEvent {
        @Override
        public RunEvent masked(SecretMasker masker) {
            return this;
        }
    }

    /** A step started; {@code text} is the step as it runs (references substituted, secrets masked). */
    record StepStarted(String actionId, int step, int steps, String text, Instant at) implements RunEvent {
        @Override
        public RunEvent masked(SecretMasker masker) {
            return new StepStarted(actionId, step, steps, masker.mask(text), at);
        }
    }

    /** A step ended with its script's exit status. */
    record StepFinished(String actionId, int step, int status, Duration duration, Instant at) implements RunEvent {
        @Override
        public RunEvent masked(SecretMasker masker) {
            return this;
        }
    }

    /**
     * One line of an action's log.
     *
     * @param step the 1-based step that printed it, or 0 for lines outside steps
     * @param note whether Gantry wrote it (a note about the action) rather than the steps
     */
    record LogLine(String actionId, int step, String text, boolean note, Instant at) implements RunEvent {
        @Override
        public RunEvent masked(SecretMasker masker) {
            return new LogLine(actionId, step, masker.mask(text), note, at);
        }
    }

    /** An action ended (including skipped actions, which never started). */
    record ActionFinished(ActionResult result, Instant at) implements RunEvent {
        @Override
        public RunEvent masked(SecretMasker masker) {
            return new ActionFinished(result.masked(masker), at);
        }
    }

    /** The run ended. */
    record RunFinished(RunReport report, Instant at) implements RunEvent {
        @Override
        public RunEvent masked(SecretMasker masker) {
            return new RunFinished(new RunReport(report.runId(), report.workflow(), report.status(),
                    report.started(), report.finished(),
                    report.actions().stream().map(a -> a.masked(masker)).toList()), at);
        }
    }
}
