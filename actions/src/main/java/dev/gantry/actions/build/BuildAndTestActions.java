package dev.gantry.actions.build;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Step;
import dev.gantry.engine.run.ActionTypes;
import dev.gantry.engine.run.ActionWork;

/**
 * What the actions Gantry runs locally do: {@code aws/build@v1} and {@code aws/managed-test@v1} run their
 * {@code Configuration.Steps} in bash on a runner; an {@code aws/approval@v1} gate is approved at once (nobody is
 * there to approve a local run; the log says so). Every other identifier (deploy actions, GitHub Actions, custom
 * actions) cannot run locally: a plan-time error that names it, so {@code --action} can run the rest.
 */
public final class BuildAndTestActions implements ActionTypes {
    @Override
    public ActionWork work(Action action) {
        String id = action.identifierName();
        if (action.runsSteps()) {
            return new ActionWork.RunSteps(action.configuration().steps().stream()
                    .map(Step::run).map(s -> s == null ? "" : s).toList());
        }
        if (action.isGate()) {
            return new ActionWork.Complete("approval gate: approved automatically (local run)");
        }
        return new ActionWork.Unsupported("Gantry runs aws/build, aws/managed-test, aws/github-actions-runner and aws/approval actions; "
                + (id == null ? "this action has no Identifier" : id + " is not supported yet")
                + " (use --action to run the others)");
    }
}
