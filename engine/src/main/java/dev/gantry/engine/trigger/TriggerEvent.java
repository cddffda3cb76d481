package dev.gantry.engine.trigger;

import dev.gantry.engine.model.TriggerType;

/**
 * Something that may start workflow runs (reference §1.5): a push to a branch, a pull request event, a schedule tick
 * or a person asking. {@link TriggerMatcher} decides, per workflow, whether it runs.
 */
public sealed interface TriggerEvent permits PushEvent, PullRequestEvent, ScheduleTick, ManualEvent {
    /**
     * The branch whose workflow files are read for this event and whose commit a run uses: the pushed branch, a pull
     * request's SOURCE branch, the scheduled branch, the branch a person chose.
     */
    String workflowBranch();

    /** The {@code Triggers[].Type} this kind of event is about. */
    TriggerType triggerType();
}
