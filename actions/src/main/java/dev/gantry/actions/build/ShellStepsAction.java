package dev.gantry.actions.build;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Step;
import dev.gantry.engine.run.ActionTypes;
import dev.gantry.engine.run.ActionWork;

/**
 * {@code aws/build} and {@code aws/managed-test}: their {@code Configuration.Steps} run in one bash on a runner.
 * Bound in {@link dev.gantry.actions.ActionRegistry}.
 */
public final class ShellStepsAction implements ActionTypes {
    @Override
    public ActionWork work(Action action) {
        return new ActionWork.RunSteps(action.configuration().steps().stream()
                .map(Step::run).map(s -> s == null ? "" : s).toList());
    }
}
