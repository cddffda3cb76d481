package dev.gantry.engine.run;

/**
 * An action whose work is Gantry's own code rather than shell steps on a runner: the curated deploy actions (a
 * sequence of AWS API calls, or a CLI such as the CDK's) and custom (ADK) actions. It runs on this machine, in the
 * action's workspace, after every {@link ActionLifecycle#beforeSteps} hook (so with the action's AWS credentials,
 * input artifacts and variables in {@link StepsJob#environment()}) and before every
 * {@link ActionLifecycle#afterSteps} hook (so its output artifacts are collected as a build action's are).
 *
 * <p>The executor reports the task as the action's one step, described by {@link #describe()}. The task writes its
 * log through {@link JobEvents#log}, honours {@code cancellation} (timeout, fail-fast, Ctrl-C) promptly, and
 * returns its output variables in {@link StepsResult#outputs()}: all of them are the action's outputs (a deploy
 * action's are predefined, not listed in {@code Outputs.Variables}). Implementations are immutable; one instance
 * may run once per action.
 */
public interface ActionTask {
    /** One line saying what the task does, for the plan and the step line (e.g. {@code cfn-deploy stack 'web'}). */
    String describe();

    /**
     * Runs the task and blocks until it is done or cancelled.
     *
     * @throws ActionFailure        to fail the action with a message for people
     * @throws InterruptedException when the calling thread is interrupted
     */
    StepsResult run(StepsJob job, JobEvents events, Cancellation cancellation)
            throws ActionFailure, InterruptedException;
}
