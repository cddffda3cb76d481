package dev.gantry.engine.run;

/**
 * Per-action processing around the steps: the one extension point for what happens before the first step and
 * after the last one (credentials for an environment, input artifacts, file caches, reports, ...).
 *
 * <p>For each action that runs steps, the executor: creates the workspace; calls every lifecycle's
 * {@link #beforeSteps} in registration order; builds the environment (so hooks can add inputs and variables); runs
 * the steps on a runner; calls {@link #afterSteps} in reverse order on every lifecycle whose {@code beforeSteps}
 * completed (also when the steps failed or were cancelled); then removes the workspace. A hook that throws
 * {@link ActionFailure} fails the action (before its first step, or after its last), with its message.
 * Hooks run on the action's own thread; an implementation shared by actions must be thread-safe.
 */
public interface ActionLifecycle {
    /** Before the first step. May add inputs, environment variables and secrets through {@code scope}. */
    default void beforeSteps(ActionScope scope) throws ActionFailure {
    }

    /**
     * After the last step (or after a failure or cancellation; see {@code result}). The workspace still exists.
     * Throwing fails an action whose steps succeeded.
     */
    default void afterSteps(ActionScope scope, StepsResult result) throws ActionFailure {
    }
}
