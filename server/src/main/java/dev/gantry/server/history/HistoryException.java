package dev.gantry.server.history;

/** The history database failed (unreachable, full, broken); the message says what the database said. */
public final class HistoryException extends RuntimeException {
    public HistoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
