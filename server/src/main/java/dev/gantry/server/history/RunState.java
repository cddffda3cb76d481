package dev.gantry.server.history;

import java.util.Locale;

/** Where a server run stands: the reference's run states (§1.3), plus Queued before it starts and Abandoned. */
public enum RunState {
    /** Accepted, not started yet (waiting for the server to take it up). */
    QUEUED,
    IN_PROGRESS,
    SUCCEEDED,
    /** At least one action failed. */
    FAILED,
    /** A person stopped it (cancel through the API, a rejected approval, the server shutting down). */
    STOPPED,
    /** The server cancelled it (its workflow could not be run any more). */
    CANCELLED,
    /** A newer run took its place in a SUPERSEDED queue. */
    SUPERSEDED,
    /** It was in progress when the server stopped without finishing it (a crash). */
    ABANDONED;

    public boolean isFinal() {
        return this != QUEUED && this != IN_PROGRESS;
    }

    /** {@code in-progress}, {@code succeeded}, ...: how the API and logs name it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The state named by {@link #label()} or by the constant's name, case-insensitively. */
    public static RunState parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
