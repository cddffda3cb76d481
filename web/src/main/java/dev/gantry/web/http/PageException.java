package dev.gantry.web.http;

/** A page the server refuses, with the HTTP status and a sentence for people (shown on an error page). */
public final class PageException extends RuntimeException {
    private final int status;

    public PageException(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
