package dev.gantry.engine.run;

/**
 * Receives a run's events. The executor delivers them one at a time (never concurrently), already masked, so an
 * implementation need not be thread-safe; it must be quick and must not call back into the executor.
 */
@FunctionalInterface
public interface RunListener {
    void onEvent(RunEvent event);

    /**
     * A listener that passes each event to every one of {@code listeners} in order; one that throws does not keep
     * the event from the others.
     */
    static RunListener all(java.util.List<RunListener> listeners) {
        java.util.List<RunListener> copy = java.util.List.copyOf(listeners);
        return e -> {
            for (RunListener l : copy) {
                try {
                    l.onEvent(e);
                } catch (RuntimeException ignored) {
                    // a listener's bug must not stop the others or the run
                }
            }
        };
    }
}
