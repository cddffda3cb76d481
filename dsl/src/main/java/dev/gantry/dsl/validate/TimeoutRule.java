package dev.gantry.dsl.validate;

import dev.gantry.engine.action.ActionIdentifier;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Compute;
import dev.gantry.engine.model.ComputeType;

/**
 * {@code timeout-range}: {@code Timeout} is 5 to 480 minutes for build and test actions and 5 to 60 for every other
 * action (reference §2.5) — an error outside that; a warning when Lambda compute would end the action sooner
 * (15 minutes).
 */
final class TimeoutRule implements Rule {
    static final int MIN = ActionIdentifier.MIN_TIMEOUT_MINUTES;
    static final int LAMBDA_MAX = 15;

    @Override
    public void check(ValidationContext ctx) {
        for (Action a : ctx.workflow().actions()) {
            Integer t = a.timeoutMinutes();
            if (t == null) {
                continue;
            }
            String path = ValidationContext.path(a) + "/Timeout";
            int max = a.kind().maxTimeoutMinutes();
            String kind = a.runsSteps() ? "build and test actions" : "actions other than build and test";
            if (t < MIN || t > max) {
                ctx.error(path, "timeout-range", "Timeout " + t + " is out of range: " + kind + " take " + MIN
                        + " to " + max + " minutes");
                continue;
            }
            Compute c = ctx.effectiveCompute(a);
            if (c != null && c.type() == ComputeType.LAMBDA && t > LAMBDA_MAX) {
                ctx.warning(path, "timeout-range", "Timeout " + t + " is longer than Lambda compute allows: "
                        + "action " + a.id() + " will be stopped after " + LAMBDA_MAX + " minutes; lower the "
                        + "Timeout or use EC2");
            }
        }
    }
}
