package dev.gantry.engine.model;

import java.util.List;

/** An entry of a workflow's (or group's) {@code Actions} map: an action or an action group. */
public sealed interface WorkflowNode permits Action, ActionGroup {
    /** The key of the entry in its {@code Actions} map. */
    String name();

    /** Names of peers (same level) that must succeed first. */
    List<String> dependsOn();
}
