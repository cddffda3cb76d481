package dev.gantry.cli.run;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns SIGINT (Ctrl-C) and SIGTERM into a call to a cancel action while a run goes on, instead of the JVM's
 * immediate exit, so the run can end its processes, print its summary and exit 130. Restores the previous handlers
 * when closed.
 */
final class Interrupts implements AutoCloseable {
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private Interrupts() {
    }

    /** Calls {@code onSignal} (on a signal-dispatch thread) for each SIGINT or SIGTERM until closed. */
    static Interrupts handle(Runnable onSignal) {
        Interrupts i = new Interrupts();
        for (String name : List.of("INT", "TERM")) {
            try {
                Signal s = new Signal(name);
                i.previous.add(Signal.handle(s, sig -> onSignal.run()));
                i.signals.add(s);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // the signal cannot be handled here (e.g. the JVM runs with -Xrs); the default stays
            }
        }
        return i;
    }

    @Override
    public void close() {
        for (int k = 0; k < signals.size(); k++) {
            Signal.handle(signals.get(k), previous.get(k));
        }
    }
}
