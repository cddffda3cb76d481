package dev.gantry.engine.run;

import dev.gantry.engine.files.FolderTrees;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.run.RunEvent.ActionStarted;
import dev.gantry.engine.run.RunEvent.LogLine;
import dev.gantry.engine.run.RunEvent.StepFinished;
import dev.gantry.engine.run.RunEvent.StepStarted;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One action's attempt, on its own thread: resolve its references and do its work (decided at plan time), bounded by
 * its {@code Timeout}; the result. Work in a workspace (steps on a runner, or an {@link ActionTask}: Gantry's own
 * code) goes through one path, {@code inWorkspace}, with the lifecycle hooks around it; {@link ActionWork.InProcess}
 * work (a gate) has no workspace and no hooks.
 */
final class ActionAttempt implements JobEvents {
    /** What every attempt of a run shares. */
    record RunContext(RunPlan plan, RunSettings settings, List<ActionLifecycle> lifecycles,
                      ReferenceValues references, SecretMasker masker, WorkspacePrefetch prefetch,
                      Function<String, Map<String, String>> outputs, Consumer<RunEvent> events,
                      ScheduledExecutorService timers) {
        Path actionDirectory(String id) {
            return settings.runDirectory().resolve("work").resolve(id);
        }
    }

    private final RunContext run;
    private final String id;
    private final Runner runner;
    private final Cancellation token;
    private final AtomicBoolean starting;
    private final Map<String, Object> details = new LinkedHashMap<>();
    private final List<String> summary = new ArrayList<>();
    private Instant started;
    private volatile int step;
    private boolean afterCut;
    private List<String> stepTexts = List.of();

    /**
     * @param runner   the runner its steps run on ({@code null} for work that needs none)
     * @param token    cancels it (timeout, fail-fast, Ctrl-C)
     */
    ActionAttempt(RunContext run, String id, Runner runner, Cancellation token) {
        this.run = run;
        this.id = id;
        this.runner = runner;
        this.token = token;
        this.starting = new AtomicBoolean(runner != null);
    }

    /** Runs the attempt; never throws. */
    ActionResult run() {
        try {
            return attempt();
        } finally {
            reachedSteps();
        }
    }

    private ActionResult attempt() {
        Action written = run.plan().graph().action(id);
        started = Instant.now();
        run.events().accept(new ActionStarted(id, runner == null ? null : runner.name(), started));
        int minutes = written.timeoutMinutes() != null ? written.timeoutMinutes() : written.kind().maxTimeoutMinutes();
        Duration timeout = Duration.ofNanos((long) ((double) minutes * run.settings().timeoutUnit().toNanos()));
        ScheduledFuture<?> timer = run.timers().schedule(() -> token.cancel(Cancellation.Reason.TIMEOUT),
                timeout.toNanos(), TimeUnit.NANOSECONDS);
        try {
            // No lock: the upstream actions' outputs were all recorded before this action was started.
            for (String up : run.plan().upstream(id)) {
                if (run.plan().work().get(up) instanceof ActionWork.Skip) {
                    note("'" + up + "' was left out (--skip-action): its output variables and artifacts are not "
                            + "available to this action");
                }
            }
            // the action as it runs: the Compute that applies to it (its own or the workflow's), references substituted
            Action action = run.references().resolve(written.withCompute(run.plan().workflow().computeOf(written)),
                    run.outputs(), this::note);
            // its work was decided once, at plan time, from the action as written; step texts get their values now
            ActionWork work = run.plan().work().get(id);
            if (work instanceof ActionWork.RunSteps steps) {
                this.stepTexts = steps.steps().stream()
                        .map(t -> run.references().substitute(t, written, run.outputs(), w -> { })).toList();
                StepsDriver driver = steps.driver();
                return inWorkspace(action, minutes, (ws, dir, env) -> {
                    StepsJob job = new StepsJob(id, action, stepTexts, env.variables(), env.pathVariables(), ws, dir,
                            action.outputs().variables(), scratch(), run.settings().runId(), run.settings().keep());
                    return driver == null ? runner.runSteps(job, this, token)
                            : driver.drive(job, runner, this, token, run.masker()::add);
                });
            } else if (work instanceof ActionWork.RunTask t) {
                // a task reads the substituted action from its job
                this.stepTexts = List.of(t.task().describe());
                return inWorkspace(action, minutes, (ws, dir, env) -> runTask(t.task(), new StepsJob(id, action,
                        stepTexts, env.variables(), env.pathVariables(), ws, dir, action.outputs().variables(),
                        scratch())));
            } else if (work instanceof ActionWork.InProcess p) {
                return inProcess(action, p.work(), minutes);
            } else if (work instanceof ActionWork.Complete c) {
                note(c.note());
                return result(ActionStatus.SUCCEEDED, 0, 0, c.note(), Map.of());
            } else if (work instanceof ActionWork.Skip skip) {
                note(skip.reason());
                return result(ActionStatus.SKIPPED, null, 0, skip.reason(), Map.of());
            } else if (work instanceof ActionWork.Invalid inv) {
                return result(ActionStatus.FAILED, null, 0, inv.reason(), Map.of());
            } else {
                return result(ActionStatus.FAILED, null, 0, ((ActionWork.Unsupported) work).reason(), Map.of());
            }
        } catch (RuntimeException | IOException e) {
            return result(ActionStatus.FAILED, null, 0, "internal error: " + e, Map.of());
        } finally {
            timer.cancel(false);
        }
    }

    private void reachedSteps() {
        if (starting.compareAndSet(true, false)) {
            run.prefetch().startingDone(id);
        }
    }

    /** The work done in an action's workspace: its steps on the runner, or a task (Gantry's own code). */
    private interface WorkspaceWork {
        StepsResult run(Workspace workspace, Path directory, StepEnvironment.Built environment)
                throws ActionFailure, InterruptedException, IOException;
    }

    private Path scratch() {
        return run.settings().scratchRoot().resolve(id);
    }

    /**
     * Makes the action's workspace, runs the lifecycle hooks around {@code work} (the hooks after it also after a
     * failure), removes the workspace, and says how it went.
     */
    private ActionResult inWorkspace(Action action, int minutes, WorkspaceWork work) throws IOException {
        if (runner != null) {
            run.prefetch().enterStartLane(id);
        }
        Path actionDir = run.actionDirectory(id);
        Path scratch = scratch();
        Workspace workspace = run.prefetch().take(id, action, this::note);
        ActionScope scope = new ActionScope(run.settings().runId(), run.settings().runDirectory(), actionDir, action,
                runner, workspace, run.masker(), this::note, scratch);
        List<ActionLifecycle> entered = new ArrayList<>();
        StepsResult result = null;
        String failure = null;
        try {
            Files.createDirectories(scratch);
            for (ActionLifecycle lc : run.lifecycles()) {
                if (token.isCancelled()) {
                    break;
                }
                lc.beforeSteps(scope);
                entered.add(0, lc);
            }
            if (token.isCancelled()) {
                result = StepsResult.cancelled("cancelled before the first step");
            } else {
                Workspace ws = scope.workspace();
                Path defaultDir = ws.defaultDirectory(action.inputs().artifacts());
                StepEnvironment.Built env = StepEnvironment.build(run.settings().baseEnvironment(), ws, defaultDir,
                        scope.environment(), scope.pathVariables(), action.inputs().variables());
                result = work.run(ws, defaultDir, env);
            }
        } catch (ActionFailure f) {
            failure = f.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = StepsResult.cancelled("interrupted");
        } finally {
            FolderTrees.deleteQuietly(scratch);
        }
        StepsResult outcome = result != null ? result : StepsResult.failed(-1, 0, failure);
        for (ActionLifecycle lc : entered) {
            try {
                lc.afterSteps(scope, outcome);
            } catch (ActionFailure f) {
                if (failure == null && outcome.succeeded()) {
                    failure = f.getMessage();
                } else {
                    note(f.getMessage());
                }
            } catch (RuntimeException e) {
                note("internal error after the steps: " + e);
                failure = failure == null ? "internal error after the steps: " + e : failure;
            }
        }
        try {
            run.prefetch().release(workspace);
        } catch (IOException e) {
            note("could not remove the workspace " + workspace.root() + ": " + e.getMessage());
        }
        details.putAll(scope.details());
        summary.addAll(scope.summary());
        if (!outcome.succeeded() && token.isCancelled()) {
            // a timeout, fail-fast or Ctrl-C, whatever the work or a hook said when it stopped
            return cancelled(minutes);
        }
        if (failure != null) {
            return result(ActionStatus.FAILED, result == null || result.succeeded() ? null : result.exitCode(),
                    result == null ? 0 : result.failedStep(), failure, Map.of());
        }
        if (!outcome.succeeded()) {
            return result(ActionStatus.FAILED, outcome.exitCode() < 0 ? null : outcome.exitCode(),
                    outcome.failedStep(), outcome.message(), Map.of());
        }
        return withOutputs(action, outcome.outputs(), !(run.plan().work().get(id) instanceof ActionWork.RunSteps));
    }

    private ActionResult inProcess(Action action, InProcessWork work, int minutes) {
        try {
            Map<String, String> outs = work.run(new InProcessWork.Context(run.settings().runId(),
                    run.plan().workflow().name(), action, this::note, token));
            if (token.isCancelled()) {
                return cancelled(minutes);
            }
            return withOutputs(action, outs, true);
        } catch (ActionFailure f) {
            return token.isCancelled() ? cancelled(minutes)
                    : result(ActionStatus.FAILED, null, 0, f.getMessage(), Map.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return cancelled(minutes);
        }
    }

    private ActionResult cancelled(int minutes) {
        Cancellation.Reason reason = token.reason() == null ? Cancellation.Reason.INTERRUPTED : token.reason();
        return switch (reason) {
            case TIMEOUT -> result(ActionStatus.TIMED_OUT, null, step,
                    "timed out after " + minutes + " min (Timeout: " + minutes + ")", Map.of());
            case FAIL_FAST -> result(ActionStatus.CANCELLED, null, step,
                    "cancelled: another action failed and fail-fast stops the run", Map.of());
            case INTERRUPTED -> result(ActionStatus.CANCELLED, null, step, "interrupted", Map.of());
        };
    }

    /** Runs {@code task} as the action's one step. */
    private StepsResult runTask(ActionTask task, StepsJob job) throws ActionFailure, InterruptedException {
        long start = System.nanoTime();
        stepStarted(1);
        StepsResult r;
        try {
            r = task.run(job, this, token);
        } catch (ActionFailure | InterruptedException | RuntimeException e) {
            stepFinished(1, 1, Duration.ofNanos(System.nanoTime() - start));
            throw e;
        }
        stepFinished(1, r.succeeded() ? 0 : Math.max(1, r.exitCode()), Duration.ofNanos(System.nanoTime() - start));
        return r;
    }

    /**
     * The action's output variables: those {@code Outputs.Variables} declares, and, for work Gantry does itself (a
     * task, in-process work), every variable it produced (a deploy action's are predefined).
     */
    private ActionResult withOutputs(Action action, Map<String, String> captured, boolean allCaptured) {
        Map<String, String> out = new LinkedHashMap<>();
        long bytes = 0;
        java.util.Set<String> names = new java.util.LinkedHashSet<>(action.outputs().variables());
        if (allCaptured) {
            names.addAll(captured.keySet());
        }
        for (String name : names) {
            String v = captured.get(name);
            if (v == null) {
                note("output variable '" + name + "' was not set by the steps");
                continue;
            }
            out.put(name, v);
            bytes += name.getBytes(StandardCharsets.UTF_8).length + v.getBytes(StandardCharsets.UTF_8).length;
        }
        if (bytes > RunSettings.OUTPUT_VARIABLES_LIMIT_BYTES) {
            return result(ActionStatus.FAILED, null, 0, "output variables total " + bytes
                    + " bytes, over the service's limit of 120 KB", Map.of());
        }
        return result(ActionStatus.SUCCEEDED, 0, 0, null, out);
    }

    private ActionResult result(ActionStatus st, Integer exitCode, int failedStep, String message,
                                Map<String, String> outs) {
        return new ActionResult(id, st, runner == null ? null : runner.name(), started, Instant.now(),
                exitCode, failedStep, message, outs, details, summary);
    }

    private void note(String text) {
        run.events().accept(new LogLine(id, 0, text, true, Instant.now()));
    }

    @Override
    public void stepStarted(int n) {
        reachedSteps();
        step = n;
        String text = n >= 1 && n <= stepTexts.size() ? stepTexts.get(n - 1) : "";
        run.events().accept(new StepStarted(id, n, stepTexts.size(), text, Instant.now()));
    }

    @Override
    public void stepFinished(int n, int exitStatus, Duration duration) {
        run.events().accept(new StepFinished(id, n, exitStatus, duration, Instant.now()));
    }

    @Override
    public void log(String line) {
        afterCut = false;
        run.events().accept(new LogLine(id, step, line, false, Instant.now()));
    }

    @Override
    public void logPart(String part, boolean continues) {
        String masked = run.masker().maskPart(part, afterCut, continues);
        afterCut = continues;
        run.events().accept(new LogLine(id, step, masked, false, Instant.now()));
    }
}
