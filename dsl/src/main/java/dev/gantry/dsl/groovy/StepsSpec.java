package dev.gantry.dsl.groovy;

import dev.gantry.engine.model.Step;

import java.util.List;

/** The {@code steps { ... }} block: one {@code sh} per step. */
public final class StepsSpec {
    private final DslContext ctx;
    private final String path;
    private final List<Step> steps;

    StepsSpec(DslContext ctx, String path, List<Step> steps) {
        this.ctx = ctx;
        this.path = path;
        this.steps = steps;
    }

    /**
     * A step ({@code - Run: ...} in YAML): shell text, run in order. Named {@code sh} as in Jenkins ({@code run} is
     * a method of every Groovy closure). Use single quotes ({@code sh 'echo $HOME'}) so that Groovy leaves
     * {@code $} to the shell, or {@code '''...'''} for several lines.
     */
    public void sh(CharSequence command) {
        CallSite site = ctx.site();
        String p = path + "/" + steps.size();
        ctx.mark(p, site.at("sh"));
        ctx.mark(p + "/Run", site.valueAt("sh", ctx.text(command)));
        steps.add(new Step(ctx.text(command)));
    }
}
