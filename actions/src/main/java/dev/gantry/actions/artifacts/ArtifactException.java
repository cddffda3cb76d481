package dev.gantry.actions.artifacts;

/**
 * A problem with artifacts, input folders or file patterns that a user can fix; the message is written for people
 * (what is wrong and where), without a stack trace.
 */
public final class ArtifactException extends Exception {
    private static final long serialVersionUID = 1L;

    public ArtifactException(String message) {
        super(message);
    }

    public ArtifactException(String message, Throwable cause) {
        super(message, cause);
    }
}
