package dev.gantry.engine.model;

import dev.gantry.engine.action.ActionIdentifier;
import dev.gantry.engine.action.ActionIdentifiers;

import java.util.List;
import java.util.Map;

/**
 * One action (or gate) of a workflow.
 *
 * @param name           the action's key in its {@code Actions} map
 * @param group          the enclosing group's name, or {@code null} for a top-level action
 * @param identifier     {@code Identifier}, e.g. {@code aws/build@v1}
 * @param dependsOn      {@code DependsOn}: peers in the same scope (same group, or top level)
 * @param compute        action-level {@code Compute}, or {@code null}
 * @param timeoutMinutes {@code Timeout} in minutes, or {@code null} for the default
 * @param environment    {@code Environment}, or {@code null}
 * @param caches         {@code Caching.FileCaching}, keyed by cache name, in file order
 * @param inputs         {@code Inputs}; {@link Inputs#NONE} when absent
 * @param outputs        {@code Outputs}; {@link Outputs#NONE} when absent
 * @param configuration  {@code Configuration}; {@link Configuration#NONE} when absent
 */
public record Action(String name, String group, String identifier, List<String> dependsOn, Compute compute,
                     Integer timeoutMinutes, Environment environment, Map<String, FileCache> caches, Inputs inputs,
                     Outputs outputs, Configuration configuration) implements WorkflowNode {
    public Action {
        dependsOn = List.copyOf(dependsOn);
        caches = Collections2.orderedCopy(caches);
    }

    /** The qualified id: {@code name} at top level, {@code group.name} inside a group. */
    public String id() {
        return group == null ? name : group + "." + name;
    }

    /** The identifier without its version: {@code aws/build@v1} gives {@code aws/build}. */
    public String identifierName() {
        return ActionIdentifiers.nameOf(identifier);
    }

    /** What its identifier is, from the one catalog {@link ActionIdentifiers}. */
    public ActionIdentifier kind() {
        return ActionIdentifiers.of(identifier);
    }

    /** Whether this action runs shell steps ({@code aws/build}, {@code aws/managed-test}). */
    public boolean runsSteps() {
        return kind().runsShellSteps();
    }

    /** This action with {@code compute} as its {@code Compute}. */
    public Action withCompute(Compute compute) {
        return compute == this.compute ? this : new Action(name, group, identifier, dependsOn, compute,
                timeoutMinutes, environment, caches, inputs, outputs, configuration);
    }

    /** Whether this is a gate ({@code aws/approval}). */
    public boolean isGate() {
        return kind().gate();
    }
}
