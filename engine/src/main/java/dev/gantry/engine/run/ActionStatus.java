package dev.gantry.engine.run;

/** Where an action of a run stands. */
public enum ActionStatus {
    /** Waiting for its dependencies or a free slot. */
    WAITING,
    RUNNING,
    SUCCEEDED,
    /** A step (or a lifecycle hook) failed. */
    FAILED,
    /** Its {@code Timeout} elapsed; its processes were ended. */
    TIMED_OUT,
    /** Ended early by {@code --fail-fast} or an interrupt. */
    CANCELLED,
    /** Never started: a dependency did not succeed, or the run stopped first. */
    SKIPPED;

    /** Lower-case label for people: {@code succeeded}, {@code timed out}, ... */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    public boolean isFinal() {
        return this != WAITING && this != RUNNING;
    }
}
