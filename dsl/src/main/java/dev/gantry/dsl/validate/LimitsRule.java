package dev.gantry.dsl.validate;

/**
 * {@code actions-limit} (error): more than 50 actions and gates in the workflow, counting those inside groups
 * (quota, reference §5.3).
 */
final class LimitsRule implements Rule {
    static final int MAX_ACTIONS = 50;

    @Override
    public void check(ValidationContext ctx) {
        int count = ctx.workflow().actions().size();
        if (count > MAX_ACTIONS) {
            ctx.errorOnce(ctx.atKey("/Actions"), "actions-limit", "the workflow has " + count + " actions (groups "
                    + "included); the service allows " + MAX_ACTIONS + ": split it into several workflows");
        }
    }
}
