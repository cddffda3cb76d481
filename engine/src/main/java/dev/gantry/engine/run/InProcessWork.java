package dev.gantry.engine.run;

import dev.gantry.engine.model.Action;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/** One action's work done inside Gantry's process ({@link ActionWork.InProcess}). */
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
     * @param workspace    the action's workspace, or {@code null} when the work asked for none
     * @param directory    where its steps would start ({@code null} without a workspace)
     * @param environment  what its steps' environment would be (the hooks' variables, e.g. AWS credentials, and
     *                     {@code Inputs.Variables}); empty without a workspace
     */
    record Context(String runId, String workflow, Action action, Consumer<String> log, Cancellation cancellation,
                   Workspace workspace, Path directory, Map<String, String> environment) {
        public Context {
            environment = Map.copyOf(environment);
        }

        /** A context with no workspace. */
        public Context(String runId, String workflow, Action action, Consumer<String> log,
                       Cancellation cancellation) {
            this(runId, workflow, action, log, cancellation, null, null, Map.of());
        }
    }
}
