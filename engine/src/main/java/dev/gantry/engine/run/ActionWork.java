package dev.gantry.engine.run;

import java.util.List;

/**
 * What running an action means, as decided by {@link ActionTypes} for its identifier. A new kind of work (an
 * action driven as several jobs, say) is a new permitted record here and one branch in {@code ActionAttempt}.
 */
public sealed interface ActionWork {
    /** Run these shell steps on a runner, in a workspace (build and test actions). */
    record RunSteps(List<String> steps) implements ActionWork {
        public RunSteps {
            steps = List.copyOf(steps);
        }
    }

    /**
     * Work done in Gantry's own process, on no runner (an approval gate asking its approver; an action that calls
     * an AWS API through the SDK). It may block (until cancelled) and is bounded by the action's {@code Timeout}.
     *
     * @param work      the work
     * @param workspace whether it needs the action's workspace (its inputs: source, artifacts) and the lifecycle
     *                  hooks around it (AWS credentials in {@link InProcessWork.Context#environment()}, input and
     *                  output artifacts, caches, reports), as steps have; {@code false}: neither
     */
    record InProcess(InProcessWork work, boolean workspace) implements ActionWork {
        /** Work that needs no workspace. */
        public InProcess(InProcessWork work) {
            this(work, false);
        }
    }

    /** Nothing to run: the action succeeds at once, with a note. */
    record Complete(String note) implements ActionWork {
    }

    /** Gantry cannot run this action here; a plan-time error. */
    record Unsupported(String reason) implements ActionWork {
    }
}
