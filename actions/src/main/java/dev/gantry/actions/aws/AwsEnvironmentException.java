package dev.gantry.actions.aws;

/**
 * AWS credentials could not be had for an action: a role that cannot be assumed, missing base credentials, a
 * connection with no account. The message is for people (the STS error in plain words, no stack trace).
 */
public final class AwsEnvironmentException extends Exception {
    private static final long serialVersionUID = 1L;

    public AwsEnvironmentException(String message) {
        super(message);
    }
}
