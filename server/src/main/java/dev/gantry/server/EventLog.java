package dev.gantry.server;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The server's log: one line per event a person cares about (repository fetched, run queued/started/finished,
 * webhook refused and why), each starting with the UTC time. Never given a secret: callers pass names, ids and
 * reasons only.
 */
public final class EventLog {
    private final PrintStream out;
    private final Clock clock;

    public EventLog(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    /** Writes one line (newlines in {@code message} are flattened so one event stays one line). */
    public void log(String message) {
        String line = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS) + " " + message.replace('\n', ' ')
                .replace('\r', ' ');
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
