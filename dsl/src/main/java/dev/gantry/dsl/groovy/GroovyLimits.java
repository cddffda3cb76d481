package dev.gantry.dsl.groovy;

import java.time.Duration;

/**
 * What one evaluation of a workflow script (compile, run, build the model, export it for the structural check) may
 * use. A script over a limit is stopped and gets a {@code groovy-timeout} or {@code groovy-limit} finding at its line.
 *
 * @param time       CPU time the whole evaluation may use; the wall clock stops it at {@link #wallClock()} (six
 *                   times as long) whatever the machine's load
 * @param allocation bytes the evaluation may allocate (all of it, garbage included)
 * @param actions    actions the script may declare (the service allows 50)
 * @param values     elements (names, list items, properties, steps...) the model may hold
 * @param text       characters of text the model may hold, all values together
 */
public record GroovyLimits(Duration time, long allocation, int actions, int values, long text) {
    /** The defaults: 10 s of CPU time (60 s of wall clock), 1 GiB allocated, 200 actions, 20,000 values, 1 MiB of text. */
    public static final GroovyLimits DEFAULT = new GroovyLimits(Duration.ofSeconds(10), 1L << 30, 200, 20_000,
            1L << 20);

    /** The wall-clock ceiling of an evaluation, which holds whatever it does: six times {@link #time()}. */
    public Duration wallClock() {
        return time.multipliedBy(6);
    }

    /** These limits with another time limit. */
    public GroovyLimits withTime(Duration newTime) {
        return new GroovyLimits(newTime, allocation, actions, values, text);
    }
}
