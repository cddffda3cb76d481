package dev.gantry.engine.trigger;

import dev.gantry.engine.model.TriggerType;

import java.time.Instant;
import java.util.Objects;

/**
 * A scheduler looked at the clock: did a workflow's SCHEDULE {@code Expression} fire in {@code (after, upTo]}, for
 * the workflow file as it is on {@code branch}? One run per matched branch (reference §1.5). A tick before
 * {@code after} (the server was down) is not replayed.
 *
 * @param branch the branch whose workflow file is asked about
 * @param after  the previous check (exclusive)
 * @param upTo   this check (inclusive)
 */
public record ScheduleTick(String branch, Instant after, Instant upTo) implements TriggerEvent {
    public ScheduleTick {
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(upTo, "upTo");
        if (upTo.isBefore(after)) {
            throw new IllegalArgumentException("a tick interval ends before it starts: " + after + " > " + upTo);
        }
    }

    @Override
    public String workflowBranch() {
        return branch;
    }

    @Override
    public TriggerType triggerType() {
        return TriggerType.SCHEDULE;
    }
}
