package dev.gantry.dsl.groovy;

import java.time.Duration;

/**
 * What one evaluation of a workflow script (compile, run, build the model, export it for the structural check) may
 * use. A script over a limit is stopped and gets a {@code groovy-timeout} or {@code groovy-limit} finding at its line.
 *
 * @param time       wall-clock time for the whole evaluation
 * @param allocation bytes the evaluation may allocate (all of it, garbage included)
 * @param actions    actions the script may declare (the service allows 50)
 * @param values     elements (names, list items, properties, steps...) the model may hold
 * @param text       characters of text the model may hold, all values together
 */
public record GroovyLimits(Duration time, long allocation, int actions, int values, long text) {
    /** The defaults: 20 s, 1 GiB allocated, 200 actions, 20,000 values, 1 MiB of text. */
    public static final GroovyLimits DEFAULT = new GroovyLimits(Duration.ofSeconds(20), 1L << 30, 200, 20_000,
            1L << 20);

    /** These limits with another time limit. */
    public GroovyLimits withTime(Duration newTime) {
        return new GroovyLimits(newTime, allocation, actions, values, text);
    }
}
