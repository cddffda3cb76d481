package dev.gantry.engine.run;

/**
 * What a {@link Runner} reports while it runs an action's steps. Calls may come from any thread, but a runner
 * reports one action's events in order (steps are sequential). Step numbers are 1-based.
 */
public interface JobEvents {
    /** Step {@code step} (1-based) started. */
    void stepStarted(int step);

    /** Step {@code step} ended with {@code status} (its script's exit status). */
    void stepFinished(int step, int status);

    /** One complete output line of the action (no line break); stdout and stderr merged in order. */
    void log(String line);
}
