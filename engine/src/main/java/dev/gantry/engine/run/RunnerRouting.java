package dev.gantry.engine.run;

import dev.gantry.engine.model.Action;

import java.util.List;

/**
 * Which runners may run an action (by its compute, fleet, architecture). Decided at plan time: an action with no
 * candidate is a plan-time error. The executor starts the action on the first candidate with a free slot.
 */
public interface RunnerRouting {
    /** The runners that may run {@code action}, preferred first; empty when none can. */
    List<Runner> candidates(Action action);

    /** Why no runner can run {@code action} and how to fix it; used when {@link #candidates} is empty. */
    default String whyNone(Action action) {
        return "no runner can run action '" + action.id() + "'";
    }

    /** Every action may run on any of {@code runners}, in that order. */
    static RunnerRouting any(List<Runner> runners) {
        List<Runner> copy = List.copyOf(runners);
        return action -> copy;
    }
}
