package dev.gantry.runners.transport;

/** A {@link Transport} could not prepare, reach or use its place; the message is for people (what and how). */
public final class TransportException extends Exception {
    private static final long serialVersionUID = 1L;

    public TransportException(String message) {
        super(message);
    }
}
