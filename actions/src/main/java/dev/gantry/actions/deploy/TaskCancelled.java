package dev.gantry.actions.deploy;

/** Thrown inside a {@link DeployTask} when its action was cancelled; the task ends as cancelled. */
public final class TaskCancelled extends Exception {
    private static final long serialVersionUID = 1L;

    public TaskCancelled() {
        super("cancelled", null, false, false);
    }
}
