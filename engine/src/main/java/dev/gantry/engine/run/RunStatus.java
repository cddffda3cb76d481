package dev.gantry.engine.run;

/** How a whole run ended. */
public enum RunStatus {
    /** Every action succeeded. Exit code 0. */
    SUCCEEDED,
    /** An action failed or timed out. Exit code 1. */
    FAILED,
    /** Interrupted (Ctrl-C, SIGTERM). Exit code 130. */
    INTERRUPTED;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
