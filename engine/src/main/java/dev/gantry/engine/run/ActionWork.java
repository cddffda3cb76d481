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
     * Gantry's own code runs the action on this machine, in its workspace, with the lifecycle hooks around it (so
     * with the action's AWS credentials, input and output artifacts, caches and reports, as steps have): deploy and
     * custom actions. It needs no runner and no slot (it mostly waits for AWS). This is the one kind for Java work
     * that needs a workspace; the executor runs it through the same path as {@link RunSteps}, reported as one step.
     */
    record RunTask(ActionTask task) implements ActionWork {
    }

    /**
     * Work done in Gantry's own process with no workspace, no lifecycle hooks and no runner: an approval gate asking
     * its approver. It may block (until cancelled) and is bounded by the action's {@code Timeout}. Work that needs
     * the action's inputs or AWS credentials is a {@link RunTask}.
     */
    record InProcess(InProcessWork work) implements ActionWork {
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
