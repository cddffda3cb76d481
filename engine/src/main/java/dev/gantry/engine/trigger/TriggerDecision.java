package dev.gantry.engine.trigger;

import dev.gantry.engine.model.Trigger;

/**
 * Whether a workflow runs for an event, and why (or why not) in one sentence a person reads.
 *
 * @param runs         whether the workflow runs
 * @param reason       why it runs (which trigger matched what) or why not (each trigger's first mismatch)
 * @param trigger      the trigger that fired, or {@code null} (none fired, or a manual run)
 * @param triggerIndex the index of {@code trigger} in the workflow's {@code Triggers}, or -1
 */
public record TriggerDecision(boolean runs, String reason, Trigger trigger, int triggerIndex) {
    static TriggerDecision skip(String reason) {
        return new TriggerDecision(false, reason, null, -1);
    }
}
