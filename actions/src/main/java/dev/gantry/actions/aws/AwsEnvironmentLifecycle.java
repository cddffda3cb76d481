package dev.gantry.actions.aws;

import dev.gantry.engine.run.ActionFailure;
import dev.gantry.engine.run.ActionLifecycle;
import dev.gantry.engine.run.ActionScope;

/**
 * The executor hook that gives each action the AWS identity its workflow declares: before the first step it
 * resolves the action's {@link AwsStepEnvironment} (assuming the connection's role), registers the credentials as
 * secrets, sets the {@code AWS_*} variables, removes competing host variables, and writes one line to the action's
 * log saying who the action acts as (or that its environment is not mapped). A role that cannot be assumed fails
 * the action before its first step, with the STS error in plain words.
 *
 * <p>Thread-safe (shared by the actions of one run).
 */
public final class AwsEnvironmentLifecycle implements ActionLifecycle {
    private final AwsEnvironments environments;
    private final String workflowName;

    /**
     * @param environments the run's AWS resolver (the caller closes it after the run)
     * @param workflowName the workflow's {@code Name}, for role session names
     */
    public AwsEnvironmentLifecycle(AwsEnvironments environments, String workflowName) {
        this.environments = environments;
        this.workflowName = workflowName;
    }

    @Override
    public void beforeSteps(ActionScope scope) throws ActionFailure {
        AwsStepEnvironment granted;
        try {
            granted = environments.resolve(workflowName, scope.action());
        } catch (AwsEnvironmentException e) {
            throw new ActionFailure(e.getMessage());
        }
        if (granted.environment() == null) {
            return;
        }
        granted.secretValues().forEach(scope::addSecret);
        granted.unset().forEach(scope::removeEnvironment);
        granted.variables().forEach(scope::putEnvironment);
        if (granted.notice() != null) {
            scope.log(granted.notice());
        }
        scope.record("awsEnvironment", granted.environment());
        if (granted.identity() != null) {
            scope.record("awsIdentity", granted.identity());
        }
    }
}
