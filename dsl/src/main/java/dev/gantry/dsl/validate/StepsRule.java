package dev.gantry.dsl.validate;

import dev.gantry.engine.model.Action;

/**
 * {@code steps-missing} (error): a build or test action with no {@code Configuration.Steps} — it would have
 * nothing to run (reference §2.9).
 */
final class StepsRule implements Rule {
    @Override
    public void check(ValidationContext ctx) {
        for (Action a : ctx.workflow().actions()) {
            if (!a.runsSteps() || !a.configuration().steps().isEmpty()) {
                continue;
            }
            String path = ValidationContext.path(a);
            String at = ctx.sourceMap().has(path + "/Configuration/Steps") ? path + "/Configuration/Steps"
                    : ctx.sourceMap().has(path + "/Configuration") ? path + "/Configuration" : path;
            ctx.errorAtKey(at, "steps-missing", a.identifier() + " action " + a.id() + " has no steps; add "
                    + "Configuration: Steps: with at least one '- Run: <command>'");
        }
    }
}
