package dev.gantry.engine.run;

import java.util.List;

/**
 * What running an action means, as decided by {@link ActionTypes} for its identifier. Steps that reach the runner
 * as several jobs (GitHub Actions steps) are {@link RunSteps} with a {@link StepsDriver}.
 */
public sealed interface ActionWork {
    /**
     * Run these steps on a runner, in a workspace. With no {@code driver} (build and test actions) the steps are
     * shell text, all run in one shell by one {@link Runner#runSteps} call; with one (GitHub Actions steps) they
     * are the steps' titles and the driver decides how they reach the runner.
     */
    record RunSteps(List<String> steps, StepsDriver driver) implements ActionWork {
        public RunSteps {
            steps = List.copyOf(steps);
        }

        /** Shell steps run in one shell. */
        public RunSteps(List<String> steps) {
            this(steps, null);
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

    /**
     * Gantry's own code runs the action on this machine, in a workspace, with the lifecycle hooks around it (so
     * with the action's AWS credentials, input and output artifacts): deploy and custom actions. It needs no
     * runner and no slot (it mostly waits for AWS), like in-process work.
     */
    record RunTask(ActionTask task) implements ActionWork {
    }

    /**
     * The user left the action out ({@code --skip-action}): it does not run and ends {@code skipped}, but its
     * dependents still run, told that its outputs are missing; the run can still succeed.
     */
    record Skip(String reason) implements ActionWork {
    }

    /** Nothing to run: the action succeeds at once, with a note. */
    record Complete(String note) implements ActionWork {
    }

    /**
     * The action's {@code Configuration} is wrong for its identifier (a required property missing, a value the
     * action refuses); a plan-time error at {@code Configuration.<property>}.
     */
    record Invalid(String property, String reason) implements ActionWork {
    }

    /**
     * The action cannot run; a plan-time error under {@code rule}: {@code action-unsupported} (Gantry cannot run
     * this kind of action), or a rule naming what is missing for one it can run (e.g. {@code gha-action-missing}).
     */
    record Unsupported(String reason, String rule) implements ActionWork {
        /** The rule of an action kind Gantry cannot run. */
        public static final String RULE = "action-unsupported";

        /** An action kind Gantry cannot run. */
        public Unsupported(String reason) {
            this(reason, RULE);
        }
    }
}
