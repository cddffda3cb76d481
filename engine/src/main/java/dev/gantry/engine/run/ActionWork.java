package dev.gantry.engine.run;

import java.util.List;

/** What running an action means, as decided by its {@link ActionTypes} for its identifier. */
public sealed interface ActionWork {
    /** Run these shell steps on a runner, in a workspace (build and test actions). */
    record RunSteps(List<String> steps) implements ActionWork {
        public RunSteps {
            steps = List.copyOf(steps);
        }
    }

    /**
     * Gantry's own code runs the action on this machine, in a workspace, with the lifecycle hooks around it
     * (deploy and custom actions); it takes a slot of the run's concurrency but no runner.
     */
    record RunTask(ActionTask task) implements ActionWork {
    }

    /** Nothing to run: the action succeeds at once, with a note (e.g. an approval gate in a local run). */
    record Complete(String note) implements ActionWork {
    }

    /**
     * The action's {@code Configuration} is wrong for its identifier (a required property missing, a value the
     * action refuses); a plan-time error at {@code Configuration.<property>}.
     */
    record Invalid(String property, String reason) implements ActionWork {
    }

    /** Gantry cannot run this action locally; a plan-time error. */
    record Unsupported(String reason) implements ActionWork {
    }
}
