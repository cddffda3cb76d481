package dev.gantry.engine.model;

import java.util.List;

/**
 * An action group: a named set of actions that other nodes can depend on as a whole. Groups never nest.
 *
 * @param name      the group's key
 * @param dependsOn top-level peers the whole group waits for
 * @param actions   the member actions in file order; each has {@link Action#group()} equal to {@code name}
 */
public record ActionGroup(String name, List<String> dependsOn, List<Action> actions) implements WorkflowNode {
    public ActionGroup {
        dependsOn = List.copyOf(dependsOn);
        actions = List.copyOf(actions);
    }
}
