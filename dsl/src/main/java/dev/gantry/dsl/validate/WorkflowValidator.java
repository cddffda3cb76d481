package dev.gantry.dsl.validate;

import dev.gantry.engine.diagnostic.Diagnostics;
import dev.gantry.engine.diagnostic.SourceMap;
import dev.gantry.engine.model.Workflow;
import dev.gantry.engine.plan.ActionGraph;

import java.util.List;

/**
 * The semantic rules of a workflow (reference §0–§5) that need more than one node to decide: DependsOn targets and
 * scope, cycles, compute, timeouts, triggers, variable and artifact references, fleets. Works on the model, so
 * YAML and the Groovy DSL are checked the same way; positions come from the {@link SourceMap}. Each rule id is
 * listed in {@code docs/rules.md}.
 */
public final class WorkflowValidator {
    private static final List<Rule> RULES = List.of(
            new UniqueNamesRule(),
            new DependsOnRule(),
            new CycleRule(),
            new GateRule(),
            new ComputeRule(),
            new ContainerRule(),
            new TimeoutRule(),
            new TriggerRule(),
            new InputsRule(),
            new StepsRule(),
            new VariableRule(),
            new ReferenceRule(),
            new GithubStepsRule(),
            new OutputVariableRule(),
            new LimitsRule());

    private final ValidationOptions options;

    public WorkflowValidator(ValidationOptions options) {
        this.options = options;
    }

    /**
     * Adds every finding about {@code workflow} to {@code out}; returns the dependency graph the rules built, so a
     * run plans with the same one instead of building it again.
     */
    public ActionGraph validate(Workflow workflow, SourceMap sourceMap, Diagnostics out) {
        ValidationContext ctx = new ValidationContext(workflow, sourceMap, out, options);
        for (Rule rule : RULES) {
            rule.check(ctx);
        }
        return ctx.graph();
    }

    public ValidationOptions options() {
        return options;
    }
}
