package dev.gantry.scm.git;

/**
 * A git operation failed; the message says what, for a person (the repository URL never carries its password).
 */
public final class ScmException extends Exception {
    public ScmException(String message) {
        super(message);
    }

    public ScmException(String message, Throwable cause) {
        super(message, cause);
    }
}
