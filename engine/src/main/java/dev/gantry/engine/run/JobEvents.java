package dev.gantry.engine.run;

/**
 * What a {@link Runner} reports while it runs an action's steps. Calls may come from any thread, but a runner
 * reports one action's events in order (steps are sequential). Step numbers are 1-based.
 */
public interface JobEvents {
    /** Step {@code step} (1-based) started. */
    void stepStarted(int step);

    /**
     * Step {@code step} ended with {@code status} (its script's exit status) after {@code duration}, measured where
     * the step ran (from its start to its end, not when the runner read about them).
     */
    void stepFinished(int step, int status, java.time.Duration duration);

    /** One complete output line of the action (no line break); stdout and stderr merged in order. */
    void log(String line);

    /**
     * A part of an output line too long to pass whole: the line goes on in the next call when {@code continues},
     * and ends with the first part whose {@code continues} is false (or at the next {@link #log}). Lets the
     * receiver mask a secret that straddles a cut ({@link SecretMasker#maskPart}). Default: {@link #log}.
     */
    default void logPart(String part, boolean continues) {
        log(part);
    }
}
