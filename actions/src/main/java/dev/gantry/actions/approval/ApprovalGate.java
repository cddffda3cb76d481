package dev.gantry.actions.approval;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.run.ActionFailure;
import dev.gantry.engine.run.ActionTypes;
import dev.gantry.engine.run.ActionWork;

import java.util.Map;

/** {@code aws/approval}: the gate waits for its {@link Approver}; a rejection fails it (and skips what follows). */
public final class ApprovalGate implements ActionTypes {
    private final Approver approver;

    public ApprovalGate(Approver approver) {
        this.approver = approver;
    }

    @Override
    public ActionWork work(Action action) {
        return new ActionWork.InProcess(context -> {
            Approver.Decision d = approver.decide(new Approver.Request(context.runId(), context.workflow(),
                    action.id(), approvalsRequired(action), context.cancellation()));
            context.log().accept(d.note());
            if (!d.approved()) {
                throw new ActionFailure("rejected: " + d.note());
            }
            return Map.of();
        });
    }

    private static int approvalsRequired(Action action) {
        Object n = action.configuration().properties().get("ApprovalsRequired");
        if (n instanceof Number num) {
            return Math.max(1, num.intValue());
        }
        try {
            return n == null ? 1 : Math.max(1, Integer.parseInt(n.toString().trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
