package dev.gantry.actions.approval;

import dev.gantry.engine.run.Cancellation;

/**
 * Decides an {@code aws/approval} gate. A local run approves automatically ({@link #automatic()}); a prompt on a
 * terminal or a server's approval page are other implementations. Called on the gate's own thread: it may block
 * until someone decides, and must return soon after {@code request.cancellation()} fires (timeout, Ctrl-C).
 */
@FunctionalInterface
public interface Approver {
    Decision decide(Request request) throws InterruptedException;

    /**
     * A gate waiting for a decision.
     *
     * @param runId        the run
     * @param workflow     the workflow's name
     * @param actionId     the gate's id
     * @param approvals    {@code Configuration.ApprovalsRequired} (1 when not set)
     * @param cancellation fires when the gate's wait must end
     */
    record Request(String runId, String workflow, String actionId, int approvals, Cancellation cancellation) {
    }

    /**
     * The decision.
     *
     * @param approved whether the run goes on past the gate
     * @param note     who decided and why, for the action's log and the run record
     */
    record Decision(boolean approved, String note) {
    }

    /** Approves every gate at once: nobody is there to approve a local run; the log says so. */
    static Approver automatic() {
        return request -> new Decision(true, "approval gate: approved automatically (local run)");
    }
}
