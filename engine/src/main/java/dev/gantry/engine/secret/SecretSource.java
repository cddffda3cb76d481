package dev.gantry.engine.secret;

import java.util.Optional;

/**
 * Somewhere the value of a workflow secret ({@code ${Secrets.NAME}}) can come from: command-line flags, a dotenv
 * file, {@code GANTRY_SECRET_*} variables, AWS Secrets Manager. A run asks its sources in order and takes the first
 * value found.
 */
public interface SecretSource {
    /** A short description for messages, e.g. {@code AWS Secrets Manager (us-east-1, prefix gantry/)}. */
    String description();

    /**
     * The value of secret {@code name}, or empty when this source does not have it.
     *
     * @throws SecretSourceException when the source cannot be read (not for a secret it simply does not have)
     */
    Optional<String> find(String name) throws SecretSourceException;

    /** A source that could not be read; the message is for people. */
    final class SecretSourceException extends Exception {
        private static final long serialVersionUID = 1L;

        public SecretSourceException(String message) {
            super(message);
        }
    }
}
