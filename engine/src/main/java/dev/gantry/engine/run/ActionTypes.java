package dev.gantry.engine.run;

import dev.gantry.engine.model.Action;

/**
 * What each action {@code Identifier} does when run (the actions module's {@code ActionRegistry}). Asked once, when
 * the run is planned, with the action as written: an unsupported action is refused before anything runs, and the
 * {@link ActionWork} is kept in the {@link RunPlan}. Work that needs the action's values (references substituted)
 * reads them when it runs ({@link StepsJob#action()} for a task, {@link InProcessWork.Context#action()}; step texts
 * are substituted by the executor).
 */
@FunctionalInterface
public interface ActionTypes {
    ActionWork work(Action action);
}
