package dev.gantry.engine.run;

import dev.gantry.engine.model.Action;

import java.util.Map;
import java.util.function.Consumer;

/**
 * One action's work done inside Gantry's process with no workspace ({@link ActionWork.InProcess}): an approval
 * gate. Work that needs a workspace is an {@link ActionTask}.
 */
@FunctionalInterface
public interface InProcessWork {
    /**
     * Does the work; returns the action's output variables (empty for none). Blocking is allowed; it must return
     * soon after {@code context.cancellation()} fires.
     *
     * @throws ActionFailure        the action fails with this message
     * @throws InterruptedException the action is cancelled
     */
    Map<String, String> run(Context context) throws ActionFailure, InterruptedException;

    /**
     * What the work may use.
     *
     * @param runId        the run's id
     * @param workflow     the workflow's name
     * @param action       the action, references substituted (read its values here, not from the action the
     *                     {@link ActionTypes} saw when planning: that one is as written)
     * @param log          writes a note to the action's log
     * @param cancellation fires on timeout, fail-fast or Ctrl-C
     */
    record Context(String runId, String workflow, Action action, Consumer<String> log, Cancellation cancellation) {
    }
}
