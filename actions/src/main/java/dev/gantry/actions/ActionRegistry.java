package dev.gantry.actions;

import dev.gantry.actions.approval.ApprovalGate;
import dev.gantry.actions.approval.Approver;
import dev.gantry.actions.build.ShellStepsAction;
import dev.gantry.engine.action.ActionIdentifiers;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.run.ActionTypes;
import dev.gantry.engine.run.ActionWork;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What Gantry does for each action identifier it can run: the one table binding an identifier name (catalogued in
 * {@link ActionIdentifiers}, or a custom action's) to the {@link ActionTypes} that turns such an action into
 * {@link ActionWork}. Planning and the run both consult it, so an identifier nobody bound is a plan-time error
 * before anything runs.
 *
 * <p>To teach Gantry a new action: write its {@code ActionTypes} (shell steps, or {@link ActionWork.InProcess} work
 * such as an SDK call) in a package of this module and bind it in {@link #standard} with {@link #with}.
 */
public final class ActionRegistry implements ActionTypes {
    private final Map<String, ActionTypes> bound;

    private ActionRegistry(Map<String, ActionTypes> bound) {
        this.bound = Collections.unmodifiableMap(new TreeMap<>(bound));
    }

    /**
     * The actions Gantry runs: {@code aws/build} and {@code aws/managed-test} run their steps in bash on a runner;
     * {@code aws/approval} asks {@code approver}.
     */
    public static ActionRegistry standard(Approver approver) {
        ShellStepsAction steps = new ShellStepsAction();
        return new ActionRegistry(Map.of())
                .with("aws/build", steps)
                .with("aws/managed-test", steps)
                .with("aws/approval", new ApprovalGate(approver));
    }

    /** This registry with {@code identifierName} (no version: {@code aws/s3-publish}) done by {@code type}. */
    public ActionRegistry with(String identifierName, ActionTypes type) {
        if (identifierName.contains("@")) {
            throw new IllegalArgumentException("bind the identifier without its version: " + identifierName);
        }
        Map<String, ActionTypes> m = new TreeMap<>(bound);
        m.put(identifierName, type);
        return new ActionRegistry(m);
    }

    /** Whether Gantry can run actions with {@code identifier} (with or without its version). */
    public boolean supports(String identifier) {
        String name = ActionIdentifiers.nameOf(identifier);
        return name != null && bound.containsKey(name);
    }

    @Override
    public ActionWork work(Action action) {
        String name = action.identifierName();
        ActionTypes type = name == null ? null : bound.get(name);
        if (type != null) {
            return type.work(action);
        }
        return new ActionWork.Unsupported("Gantry runs " + String.join(", ", bound.keySet()) + " actions; "
                + (name == null ? "this action has no Identifier" : name + " is not supported yet"));
    }
}
