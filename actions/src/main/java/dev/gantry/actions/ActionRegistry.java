package dev.gantry.actions;

import dev.gantry.actions.approval.ApprovalGate;
import dev.gantry.actions.approval.Approver;
import dev.gantry.actions.build.ShellStepsAction;
import dev.gantry.actions.deploy.cdk.CdkAction;
import dev.gantry.actions.deploy.cfn.CfnDeploy;
import dev.gantry.actions.deploy.ecs.EcsDeploy;
import dev.gantry.actions.deploy.ecs.EcsRenderTaskDefinition;
import dev.gantry.actions.deploy.eks.KubernetesDeploy;
import dev.gantry.actions.deploy.lambda.LambdaInvoke;
import dev.gantry.actions.deploy.s3.S3Publish;
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
    /** What runs custom actions ({@code .}, {@code owner/name@vN}), or {@code null} when none can run. */
    private final ActionTypes custom;
    /** Action ids, names or group names the user left out ({@code --skip-action}). */
    private final java.util.Set<String> skipped;

    private ActionRegistry(Map<String, ActionTypes> bound, ActionTypes custom, java.util.Set<String> skipped) {
        this.bound = Collections.unmodifiableMap(new TreeMap<>(bound));
        this.custom = custom;
        this.skipped = java.util.Set.copyOf(skipped);
    }

    /**
     * This registry with the actions named in {@code names} (an action's id or name, or a group's name) left out:
     * they do not run ({@link ActionWork.Skip}), whatever their identifier, and their dependents run without their
     * outputs.
     */
    public ActionRegistry withSkipped(java.util.Collection<String> names) {
        return new ActionRegistry(bound, custom, new java.util.HashSet<>(names));
    }

    /**
     * This registry with custom (ADK) actions done by {@code customActions}: {@code Identifier: .} and every
     * {@code owner/name@vN} outside the {@code aws/} namespace that nothing else is bound to.
     */
    public ActionRegistry withCustomActions(ActionTypes customActions) {
        return new ActionRegistry(bound, customActions, skipped);
    }

    /**
     * The actions Gantry runs: {@code aws/build} and {@code aws/managed-test} run their steps in bash on a runner;
     * {@code aws/approval} asks {@code approver}.
     */
    public static ActionRegistry standard(Approver approver) {
        ShellStepsAction steps = new ShellStepsAction();
        return new ActionRegistry(Map.of(), null, java.util.Set.of())
                .with("aws/build", steps)
                .with("aws/managed-test", steps)
                .with("aws/build-beta", steps)
                .with("aws/approval", new ApprovalGate(approver))
                .with("aws/s3-publish", S3Publish::plan)
                .with("aws/cfn-deploy", CfnDeploy::plan)
                .with("aws/lambda-invoke", LambdaInvoke::plan)
                .with("aws/cdk-deploy", CdkAction::deploy)
                .with("aws/cdk-bootstrap", CdkAction::bootstrap)
                .with("aws/ecs-render-task-definition", EcsRenderTaskDefinition::plan)
                .with("aws/ecs-deploy", EcsDeploy::plan)
                .with("aws/kubernetes-deploy", KubernetesDeploy::plan);
    }

    /** This registry with {@code identifierName} (no version: {@code aws/s3-publish}) done by {@code type}. */
    public ActionRegistry with(String identifierName, ActionTypes type) {
        if (identifierName.contains("@")) {
            throw new IllegalArgumentException("bind the identifier without its version: " + identifierName);
        }
        Map<String, ActionTypes> m = new TreeMap<>(bound);
        m.put(identifierName, type);
        return new ActionRegistry(m, custom, skipped);
    }

    /** Whether Gantry can run actions with {@code identifier} (with or without its version). */
    public boolean supports(String identifier) {
        String name = ActionIdentifiers.nameOf(identifier);
        return name != null && bound.containsKey(name);
    }

    @Override
    public ActionWork work(Action action) {
        if (skipped.contains(action.id()) || skipped.contains(action.name())
                || action.group() != null && skipped.contains(action.group())) {
            return new ActionWork.Skip("not run: left out with --skip-action");
        }
        String name = action.identifierName();
        ActionTypes type = name == null ? null : bound.get(name);
        if (type != null) {
            return type.work(action);
        }
        if (custom != null && name != null && !name.startsWith("aws/") && !ActionIdentifiers.isKnown(name)) {
            return custom.work(action);
        }
        return new ActionWork.Unsupported("Gantry runs " + String.join(", ", bound.keySet()) + " actions; "
                + (name == null ? "this action has no Identifier" : name + " is not supported yet"));
    }
}
