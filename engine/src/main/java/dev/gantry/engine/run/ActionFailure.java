package dev.gantry.engine.run;

/** Thrown by an {@link ActionLifecycle} hook to fail the action; the message is shown to people as is. */
public final class ActionFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public ActionFailure(String message) {
        super(message);
    }

    public ActionFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
