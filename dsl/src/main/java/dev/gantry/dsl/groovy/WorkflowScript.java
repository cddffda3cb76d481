package dev.gantry.dsl.groovy;

import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.lang.Script;
import groovy.transform.stc.ClosureParams;
import groovy.transform.stc.SimpleType;

/**
 * The base class of every {@code .groovy} workflow file: a file is a script whose one top-level call is
 * {@link #workflow(CharSequence, Closure) workflow('Name') { ... }}.
 */
public abstract class WorkflowScript extends Script {
    private DslContext context;

    protected WorkflowScript() {
    }

    void attach(DslContext ctx) {
        this.context = ctx;
    }

    /**
     * Declares the workflow; {@code name} is its {@code Name}. The block mirrors the YAML file's top level:
     * {@code schemaVersion}, {@code runMode}, {@code compute}, {@code trigger}, {@code action}, {@code group},
     * {@code matrix}.
     */
    public void workflow(CharSequence name,
                         @DelegatesTo(value = WorkflowSpec.class, strategy = Closure.DELEGATE_FIRST)
                         @ClosureParams(value = SimpleType.class, options = "dev.gantry.dsl.groovy.WorkflowSpec")
                         Closure<?> body) {
        CallSite site = context.site();
        WorkflowSpec spec = new WorkflowSpec(context, context.text(name), site);
        context.workflow(spec, site);
        Blocks.run(body, spec);
    }
}
