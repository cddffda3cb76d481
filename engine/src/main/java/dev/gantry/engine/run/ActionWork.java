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

    /** Nothing to run: the action succeeds at once, with a note (e.g. an approval gate in a local run). */
    record Complete(String note) implements ActionWork {
    }

    /** Gantry cannot run this action locally; a plan-time error. */
    record Unsupported(String reason) implements ActionWork {
    }
}
