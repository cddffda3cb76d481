package dev.gantry.engine.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A whole CodeCatalyst workflow definition, independent of the syntax it was written in (YAML or the Groovy DSL).
 *
 * <p>{@code nodes} keeps the order of the file's {@code Actions} map: each entry is an {@link Action} or an
 * {@link ActionGroup}. Order is for display only; execution order comes from the plan.
 *
 * @param name           the workflow's {@code Name}
 * @param schemaVersion  the {@code SchemaVersion} as written ("1.0")
 * @param runMode        {@code RunMode}, {@code null} when not given (the service's default is QUEUED)
 * @param compute        workflow-level {@code Compute}, {@code null} when absent
 * @param triggers       {@code Triggers}; empty when absent
 * @param nodes          the {@code Actions} map's entries, in file order
 */
public record Workflow(String name, String schemaVersion, RunMode runMode, Compute compute, List<Trigger> triggers,
                       List<WorkflowNode> nodes) {
    public Workflow {
        triggers = List.copyOf(triggers);
        nodes = List.copyOf(nodes);
    }

    /** Every action, top-level and grouped, in file order. */
    public List<Action> actions() {
        List<Action> all = new ArrayList<>();
        for (WorkflowNode node : nodes) {
            if (node instanceof ActionGroup g) {
                all.addAll(g.actions());
            } else {
                all.add((Action) node);
            }
        }
        return all;
    }

    /** The action with this qualified id ({@code Action} or {@code Group.Action}). */
    public Optional<Action> action(String id) {
        return actions().stream().filter(a -> a.id().equals(id)).findFirst();
    }

    /**
     * The {@code Compute} that applies to {@code action}: its own, else the workflow's (reference §1.4: a
     * workflow-level {@code Compute} applies to all actions; its {@code SharedInstance} stays a workflow fact), else
     * {@code null} (the service's default, {@link Compute#DEFAULT_FLEET}). This is the one place for that rule.
     */
    public Compute computeOf(Action action) {
        if (action.compute() != null || compute == null) {
            return action.compute();
        }
        return new Compute(compute.type(), compute.fleet(), null);
    }

    /** The fleet {@code action} runs on: that of {@link #computeOf}, else {@link Compute#DEFAULT_FLEET}. */
    public String fleetOf(Action action) {
        Compute c = computeOf(action);
        return c == null ? Compute.DEFAULT_FLEET : c.effectiveFleet();
    }

    /** The top-level node (action or group) with this name. */
    public Optional<WorkflowNode> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }
}
