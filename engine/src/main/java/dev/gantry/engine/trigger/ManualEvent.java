package dev.gantry.engine.trigger;

import dev.gantry.engine.model.TriggerType;

import java.util.Objects;

/**
 * A person (or an API call) asked for a run of one workflow on a branch. Any workflow can be started by hand,
 * whatever its {@code Triggers} (reference §1.5: no Triggers = manual only).
 *
 * @param workflowName the workflow's {@code Name}
 * @param branch       the branch to run
 */
public record ManualEvent(String workflowName, String branch) implements TriggerEvent {
    public ManualEvent {
        Objects.requireNonNull(workflowName, "workflowName");
        Objects.requireNonNull(branch, "branch");
    }

    @Override
    public String workflowBranch() {
        return branch;
    }

    @Override
    public TriggerType triggerType() {
        return TriggerType.MANUAL;
    }
}
