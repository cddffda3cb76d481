package dev.gantry.actions.deploy;

import dev.gantry.actions.aws.AwsErrors;
import dev.gantry.engine.run.ActionFailure;
import dev.gantry.engine.run.ActionTask;
import dev.gantry.engine.run.ActionTypes;
import dev.gantry.engine.run.ActionWork;
import dev.gantry.engine.run.Cancellation;
import dev.gantry.engine.run.JobEvents;
import dev.gantry.engine.run.StepsJob;
import dev.gantry.engine.run.StepsResult;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The common frame of the actions Gantry runs itself: runs {@link #execute}, turns an AWS error into the service's
 * words ({@code NoSuchBucket: The specified bucket does not exist}), a file error into one line, and a cancellation
 * into a cancelled result. Subclasses are immutable and hold the action's properties.
 *
 * <p>The plan decides an action's work once, from the action as written (references not yet substituted); so
 * when it runs, the task is made again by its {@code planner} from the action its job carries, with every
 * {@code ${...}} substituted (and checked again: a value that became invalid fails the action).
 */
public abstract class DeployTask implements ActionTask {
    private final ActionTypes planner;

    /** @param planner makes this kind of task from an action (its {@code plan} method) */
    protected DeployTask(ActionTypes planner) {
        this.planner = planner;
    }

    @Override
    public final StepsResult run(StepsJob job, JobEvents events, Cancellation cancellation)
            throws ActionFailure, InterruptedException {
        TaskRun run = new TaskRun(job, events, cancellation);
        ActionWork work = planner.work(job.action());
        DeployTask task;
        if (work instanceof ActionWork.RunTask t && t.task() instanceof DeployTask d) {
            task = d;
        } else {
            String why = work instanceof ActionWork.Invalid inv ? inv.reason()
                    : work instanceof ActionWork.Unsupported u ? u.reason() : "cannot run: " + work;
            events.log("##[error] " + why);
            throw new ActionFailure(why);
        }
        try {
            return StepsResult.succeeded(task.execute(run));
        } catch (TaskCancelled c) {
            return StepsResult.cancelled("cancelled");
        } catch (SdkException e) {
            if (cancellation.isCancelled()) {
                return StepsResult.cancelled("cancelled");
            }
            String message = AwsErrors.plain(e);
            events.log("##[error] " + message);
            throw new ActionFailure(message);
        } catch (IOException | UncheckedIOException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            events.log("##[error] " + message);
            throw new ActionFailure(message);
        }
    }

    /**
     * Does the action's work; returns its output variables.
     *
     * @throws ActionFailure with a message for people when the action fails
     */
    protected abstract Map<String, String> execute(TaskRun run)
            throws ActionFailure, TaskCancelled, InterruptedException, IOException;

    /** Fails the action with {@code message}, also written to its log as the service writes errors. */
    protected static ActionFailure failure(TaskRun run, String message) {
        run.log("##[error] " + message);
        return new ActionFailure(message);
    }
}
