package dev.gantry.engine.run;

import dev.gantry.engine.model.Action;

/**
 * What each action {@code Identifier} does when run. The {@code actions} module implements it. Called at plan time
 * with the action as written (to reject unsupported actions before anything runs) and at run time with references
 * substituted.
 */
@FunctionalInterface
public interface ActionTypes {
    ActionWork work(Action action);
}
