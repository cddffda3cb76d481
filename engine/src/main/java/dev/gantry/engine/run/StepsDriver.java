package dev.gantry.engine.run;

import java.util.function.Consumer;

/**
 * How an action's steps reach its runner when one {@link Runner#runSteps} call with all the steps in one shell is
 * not what the action means: e.g. GitHub Actions steps, each its own shell process, with expressions evaluated
 * between steps. A driver calls {@link Runner#runSteps} as often as it needs (each call a job of its own, on the
 * runner the action was routed to) and reports to {@code events} with its own step numbers, which index
 * {@link StepsJob#steps()}. It never starts processes itself.
 */
@FunctionalInterface
public interface StepsDriver {
    /**
     * Runs the action's steps and blocks until they are done or cancelled.
     *
     * @param job          the action's job as the executor prepared it ({@code steps()} are the steps' titles)
     * @param runner       the runner the action was routed to
     * @param events       where to report steps and output lines (masked by the executor)
     * @param cancellation the action's cancellation (timeout, fail-fast, Ctrl-C)
     * @param secrets      registers a value to mask from now on (e.g. a step's {@code ::add-mask::})
     */
    StepsResult drive(StepsJob job, Runner runner, JobEvents events, Cancellation cancellation,
                      Consumer<String> secrets) throws InterruptedException;
}
