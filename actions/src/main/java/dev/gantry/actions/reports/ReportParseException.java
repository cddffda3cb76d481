package dev.gantry.actions.reports;

/** A report file that cannot be read as its format; the message says why, for people. */
public final class ReportParseException extends Exception {
    private static final long serialVersionUID = 1L;

    public ReportParseException(String message) {
        super(message);
    }
}
