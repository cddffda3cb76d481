package dev.gantry.dsl.validate;

import dev.gantry.engine.diagnostic.Diagnostics;
import dev.gantry.engine.diagnostic.SourceMap;
import dev.gantry.engine.model.Workflow;

/**
 * The semantic rules of a workflow (reference §0–§5) that need more than one node to decide: DependsOn targets and
 * scope, cycles, compute, timeouts, triggers, variable and artifact references, fleets. Works on the model, so
 * YAML and the Groovy DSL are checked the same way; positions come from the {@link SourceMap}.
 */
public final class WorkflowValidator {
    private final ValidationOptions options;

    public WorkflowValidator(ValidationOptions options) {
        this.options = options;
    }

    /** Adds every finding about {@code workflow} to {@code out}. */
    public void validate(Workflow workflow, SourceMap sourceMap, Diagnostics out) {
        // Rules are added in dev.gantry.dsl.validate.
    }

    public ValidationOptions options() {
        return options;
    }
}
