package dev.gantry.engine.run;

/**
 * Decides when an action whose dependencies have all succeeded may start: at once (the default), after a wait (a
 * server's per-action queue for {@code RunMode: QUEUED}), or never (a newer run superseded it). Called on a thread of
 * its own, so it may block; it must return soon after {@code request.cancellation()} fires (the run is cancelled).
 * An action held here takes no slot and no runner capacity.
 */
@FunctionalInterface
public interface ActionEntry {
    Decision enter(Request request) throws InterruptedException;

    /** Every action starts as soon as it is ready. */
    ActionEntry OPEN = request -> Decision.START;

    /**
     * An action asking to start.
     *
     * @param runId        the run
     * @param workflow     the workflow's name
     * @param actionId     the action
     * @param cancellation fires when the run is cancelled
     */
    record Request(String runId, String workflow, String actionId, Cancellation cancellation) {
    }

    /**
     * Whether the action starts.
     *
     * @param start  true: it starts now; false: it is skipped with {@code reason}
     * @param reason why it is skipped (shown with the action), {@code null} when it starts
     */
    record Decision(boolean start, String reason) {
        public static final Decision START = new Decision(true, null);

        public static Decision skip(String reason) {
            return new Decision(false, reason);
        }
    }
}
