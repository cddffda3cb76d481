package dev.gantry.engine.run;

import dev.gantry.engine.files.FolderTrees;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.run.RunEvent.ActionFinished;
import dev.gantry.engine.run.RunEvent.ActionStarted;
import dev.gantry.engine.run.RunEvent.LogLine;
import dev.gantry.engine.run.RunEvent.PlannedAction;
import dev.gantry.engine.run.RunEvent.RunFinished;
import dev.gantry.engine.run.RunEvent.RunStarted;
import dev.gantry.engine.run.RunEvent.StepFinished;
import dev.gantry.engine.run.RunEvent.StepStarted;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a {@link RunPlan}, event-driven: an action starts the moment its last dependency has succeeded and a slot
 * is free (global {@code concurrency}, and the capacity of one of its candidate runners), never waiting for an
 * unrelated action. When more actions are ready than slots, the one with the longest remaining critical path goes
 * first (ties: plan order). Nothing polls: each action runs on its own thread and its completion triggers the next
 * dispatch.
 *
 * <p>A failed action's dependents are skipped while independent actions go on, and the run fails at the end; with
 * {@code failFast} the first failure cancels everything. {@code Timeout} cancels the action (its runner ends the
 * process tree). {@link #cancel()} (Ctrl-C) cancels everything; {@link #run} then returns once every action has
 * ended.
 *
 * <p>Every event passes through one {@link SecretMasker} before it reaches the listener.
 */
public final class RunExecutor {
    private final RunPlan plan;
    private final RunSettings settings;
    private final ActionTypes types;
    private final WorkspaceProvider workspaces;
    private final List<ActionLifecycle> lifecycles;
    private final ReferenceValues references;
    private final SecretMasker masker;

    private final Object lock = new Object();
    private final Object emitLock = new Object();
    private final Map<String, ActionStatus> status = new HashMap<>();
    private final Map<String, Integer> waitingFor = new HashMap<>();
    private final TreeSet<String> ready;
    private final Map<Runner, Integer> busy = new HashMap<>();
    private final Map<String, Cancellation> running = new HashMap<>();
    /** Concurrent: a starting action reads its upstream outputs without waiting for the lock (see runAction). */
    private final Map<String, Map<String, String>> outputs = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, ActionResult> results = new HashMap<>();
    /** Workspaces made ahead of time for actions about to start (at most {@code concurrency} not yet taken). */
    private final Map<String, Ahead> prepared = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * Actions that have their slot but have not reached their first step yet. Copies made ahead wait while there
     * are as many as start lanes (CPUs): on a machine with few CPUs a copy for an action that may start later
     * otherwise delays the start of one that starts now (the makespan goal of issue 3 was missed by exactly that);
     * with a CPU to spare (a chain) the copy for the next action overlaps with this one's start.
     */
    private final Object startGate = new Object();
    private int starting;
    /**
     * Start lanes: making a workspace and starting the step shell is CPU work, and when many actions start at once
     * (a run's roots) on few CPUs they slow each other down alike, the critical one included. So at most
     * {@link #START_LANES} actions start at a time, the longest remaining chain first (then plan order); a lane is
     * let go at the first step, or after {@link #LANE_HOLD_NANOS} whatever happens (a runner that waits for
     * something else, such as a container engine, must not hold up other starts).
     */
    private static final int START_LANES = Math.max(2, Runtime.getRuntime().availableProcessors());
    private static final long LANE_HOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private final TreeSet<String> waitingForLane;
    private final Map<String, Long> inLane = new HashMap<>();
    /** Threads that make workspaces (copying is mostly waiting for the disk). */
    private static final int PREPARERS = 4;
    private ThreadPoolExecutor preparers;
    private final AtomicLong rankSeq = new AtomicLong();
    private final List<CompletableFuture<Void>> discarded = new ArrayList<>();
    private int slotsInUse;
    private boolean stopping;
    private boolean interrupted;
    private boolean finished;
    private RunListener listener = e -> { };

    /**
     * @param plan       what to run
     * @param settings   how
     * @param types      what each identifier does
     * @param workspaces makes action workspaces
     * @param lifecycles hooks around each action's steps, in order
     * @param references values of workflow references (also used to plan)
     * @param masker     the run's secrets (hooks may add more while it runs)
     */
    public RunExecutor(RunPlan plan, RunSettings settings, ActionTypes types, WorkspaceProvider workspaces,
                       List<ActionLifecycle> lifecycles, ReferenceValues references, SecretMasker masker) {
        this.plan = plan;
        this.settings = settings;
        this.types = types;
        this.workspaces = workspaces;
        this.lifecycles = List.copyOf(lifecycles);
        this.references = references;
        this.masker = masker;
        Map<String, Integer> order = new HashMap<>();
        for (String id : plan.actions()) {
            order.put(id, order.size());
        }
        this.ready = new TreeSet<>(Comparator.comparingInt((String id) -> -plan.priority().get(id))
                .thenComparingInt(order::get));
        this.waitingForLane = new TreeSet<>(ready.comparator());
    }

    /** Runs the plan, sending every event to {@code listener}; returns when every action has ended. */
    public RunReport run(RunListener listener) {
        this.listener = listener;
        Instant started = Instant.now();
        ExecutorService workers = Executors.newCachedThreadPool(daemonThreads("gantry-action"));
        preparers = new ThreadPoolExecutor(PREPARERS, PREPARERS, 1, TimeUnit.MINUTES,
                new PriorityBlockingQueue<>(), daemonThreads("gantry-workspace"));
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, daemonThreads("gantry-timeout"));
        timers.setRemoveOnCancelPolicy(true);
        try {
            List<PlannedAction> planned = plan.actions().stream().map(id -> new PlannedAction(id,
                    plan.runners().get(id).isEmpty() ? null : plan.runners().get(id).get(0).name(),
                    plan.upstream(id))).toList();
            emit(new RunStarted(settings.runId(), plan.workflow().name(), planned, started));
            synchronized (lock) {
                for (String id : plan.actions()) {
                    status.put(id, ActionStatus.WAITING);
                    int deps = plan.upstream(id).size();
                    waitingFor.put(id, deps);
                    if (deps == 0) {
                        ready.add(id);
                    }
                }
                dispatch(workers, timers);
                while (!finished) {
                    lock.wait();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
        } finally {
            workers.shutdown();
            timers.shutdownNow();
            releaseUnused();
            preparers.shutdown();
        }
        RunStatus runStatus;
        List<ActionResult> all;
        synchronized (lock) {
            all = plan.actions().stream().map(results::get).toList();
            boolean allOk = all.stream().allMatch(r -> r.status() == ActionStatus.SUCCEEDED);
            runStatus = interrupted ? RunStatus.INTERRUPTED : allOk ? RunStatus.SUCCEEDED : RunStatus.FAILED;
        }
        RunReport report = new RunReport(settings.runId(), plan.workflow().name(), runStatus, started,
                Instant.now(), all);
        emit(new RunFinished(report, report.finished()));
        return maskedReport(report);
    }

    private RunReport maskedReport(RunReport r) {
        return ((RunFinished) new RunFinished(r, r.finished()).masked(masker)).report();
    }

    /**
     * Cancels the run (Ctrl-C): running actions are cancelled (their process trees ended), waiting ones skipped.
     * Safe to call from any thread, any number of times.
     */
    public void cancel() {
        List<Cancellation> toCancel;
        synchronized (lock) {
            if (finished) {
                return;
            }
            interrupted = true;
            stopping = true;
            toCancel = new ArrayList<>(running.values());
            skipAllWaiting("run interrupted");
            checkFinished();
        }
        toCancel.forEach(c -> c.cancel(Cancellation.Reason.INTERRUPTED));
    }

    // ---- scheduling (all under lock) ----

    private void dispatch(ExecutorService workers, ScheduledExecutorService timers) {
        if (stopping) {
            checkFinished();
            return;
        }
        for (String id : new ArrayList<>(ready)) {
            ActionWork work = plan.work().get(id);
            Runner runner = null;
            if (work instanceof ActionWork.RunSteps) {
                if (slotsInUse >= settings.concurrency()) {
                    break;
                }
                runner = plan.runners().get(id).stream()
                        .filter(r -> busy.getOrDefault(r, 0) < r.capacity()).findFirst().orElse(null);
                if (runner == null) {
                    continue;
                }
                busy.merge(runner, 1, Integer::sum);
                slotsInUse++;
            } else if (work instanceof ActionWork.RunTask) {
                if (slotsInUse >= settings.concurrency()) {
                    break;
                }
                slotsInUse++;
            }
            ready.remove(id);
            if (runner != null) {
                // it makes its own workspace unless a copy made ahead has already begun (see Ahead)
                synchronized (startGate) {
                    starting++;
                }
            }
            status.put(id, ActionStatus.RUNNING);
            Cancellation token = new Cancellation();
            running.put(id, token);
            Runner chosen = runner;
            java.util.concurrent.atomic.AtomicBoolean counted = new java.util.concurrent.atomic.AtomicBoolean(
                    runner != null);
            Runnable reachedSteps = () -> {
                if (counted.compareAndSet(true, false)) {
                    startingDone(id);
                }
            };
            workers.execute(() -> {
                ActionResult result;
                try {
                    result = runAction(id, chosen, token, timers, reachedSteps);
                } finally {
                    reachedSteps.run();
                }
                finish(id, chosen, result, workers, timers);
            });
        }
        prepareAhead();
        checkFinished();
    }

    /**
     * Starts making workspaces (copies of the source) for the actions most likely to start next: ready actions
     * still waiting for a slot, then actions waiting only for running ones; at most {@code concurrency} made and
     * not yet taken. Copying then overlaps with what runs now instead of delaying the next action.
     */
    private void prepareAhead() {
        List<String> next = new ArrayList<>(ready);
        List<String> soon = new ArrayList<>();
        for (String id : plan.actions()) {
            if (status.get(id) == ActionStatus.WAITING && !ready.contains(id) && plan.upstream(id).stream()
                    .allMatch(up -> status.get(up) == ActionStatus.RUNNING
                            || status.get(up) == ActionStatus.SUCCEEDED)) {
                soon.add(id);
            }
        }
        soon.sort(ready.comparator());
        next.addAll(soon);
        for (String id : next) {
            if (prepared.size() >= settings.concurrency()) {
                return;
            }
            if (prepared.containsKey(id) || !(plan.work().get(id) instanceof ActionWork.RunSteps)) {
                continue;
            }
            prepared.put(id, prepare(id, plan.priority().get(id)));
        }
    }

    /**
     * Makes {@code id}'s workspace ahead of time on the preparers' threads; among waiting requests, the higher
     * {@code rank} (the longer remaining chain) goes first. A copy begins only while fewer actions are starting than
     * there are start lanes.
     */
    private Ahead prepare(String id, int rank) {
        Action action = plan.graph().action(id);
        Path dir = actionDirectory(id);
        Ahead ahead = new Ahead(new java.util.concurrent.atomic.AtomicBoolean(), new CompletableFuture<>());
        preparers.execute(new Ranked(rank, rankSeq.incrementAndGet(), () -> {
            awaitStartsBelowLanes();
            if (!ahead.claim()) {
                return; // its action started (and makes it itself) or was skipped meanwhile
            }
            try {
                ahead.workspace().complete(workspaces.create(action, dir));
            } catch (IOException | RuntimeException e) {
                ahead.workspace().completeExceptionally(e);
            }
        }));
        return ahead;
    }

    /**
     * A workspace to be made ahead of time. Whoever claims it first makes it (a preparer) or owns the fact that
     * nobody will (the action that starts before its copy has begun makes its own, at once, instead of waiting
     * behind other copies; a skipped action needs none).
     */
    private record Ahead(java.util.concurrent.atomic.AtomicBoolean claimed, CompletableFuture<Workspace> workspace) {
        boolean claim() {
            return claimed.compareAndSet(false, true);
        }
    }

    private void awaitStartsBelowLanes() {
        synchronized (startGate) {
            while (starting >= START_LANES) {
                try {
                    startGate.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void startingDone(String id) {
        synchronized (startGate) {
            --starting;
            inLane.remove(id);
            startGate.notifyAll();
        }
    }

    /** Waits for a start lane for {@code id} (see {@link #START_LANES}); it is let go by {@link #startingDone}. */
    private void enterStartLane(String id) {
        synchronized (startGate) {
            waitingForLane.add(id);
            try {
                while (true) {
                    long now = System.nanoTime();
                    inLane.values().removeIf(since -> now - since >= LANE_HOLD_NANOS);
                    if (inLane.size() < START_LANES && waitingForLane.first().equals(id)) {
                        inLane.put(id, now);
                        return;
                    }
                    long next = inLane.values().stream().mapToLong(since -> since + LANE_HOLD_NANOS - now).min()
                            .orElse(LANE_HOLD_NANOS);
                    TimeUnit.NANOSECONDS.timedWait(startGate, Math.max(1, next));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                waitingForLane.remove(id);
                startGate.notifyAll();
            }
        }
    }

    /** A task of the preparers' priority queue: higher rank first, then first come. */
    private record Ranked(int rank, long seq, Runnable task) implements Runnable, Comparable<Ranked> {
        @Override
        public void run() {
            task.run();
        }

        @Override
        public int compareTo(Ranked o) {
            return rank != o.rank ? Integer.compare(o.rank, rank) : Long.compare(seq, o.seq);
        }
    }

    /**
     * The workspace being made ahead for {@code id}, or {@code null} when none is (then the caller makes it); the
     * caller owns it now.
     */
    private CompletableFuture<Workspace> takePrepared(String id) {
        Ahead ahead = prepared.remove(id); // concurrent map: no waiting for the lock while dispatch runs
        return ahead == null || ahead.claim() ? null : ahead.workspace();
    }

    private void discardPrepared(String id) {
        Ahead ahead = prepared.remove(id);
        if (ahead != null && !ahead.claim()) {
            discarded.add(ahead.workspace().thenAccept(w -> {
                try {
                    workspaces.release(w);
                } catch (IOException ignored) {
                    // the run's end removes the work folder
                }
            }));
        }
    }

    private void releaseUnused() {
        List<CompletableFuture<Workspace>> left = new ArrayList<>();
        List<CompletableFuture<Void>> releasing;
        synchronized (lock) {
            for (Ahead ahead : prepared.values()) {
                if (!ahead.claim()) {
                    left.add(ahead.workspace());
                }
            }
            prepared.clear();
            releasing = new ArrayList<>(discarded);
        }
        for (CompletableFuture<Void> f : releasing) {
            try {
                f.join();
            } catch (RuntimeException ignored) {
                // it was never made
            }
        }
        for (CompletableFuture<Workspace> f : left) {
            try {
                workspaces.release(f.join());
            } catch (RuntimeException | IOException ignored) {
                // it was never made, or cannot be removed now; the run's end removes the work folder
            }
        }
    }

    private Path actionDirectory(String id) {
        return settings.runDirectory().resolve("work").resolve(id);
    }

    private void finish(String id, Runner runner, ActionResult result, ExecutorService workers,
                        ScheduledExecutorService timers) {
        List<Cancellation> toCancel = List.of();
        synchronized (lock) {
            running.remove(id);
            if (runner != null) {
                busy.merge(runner, -1, Integer::sum);
                slotsInUse--;
            } else if (plan.work().get(id) instanceof ActionWork.RunTask) {
                slotsInUse--;
            }
            record(result);
            if (result.status() == ActionStatus.SUCCEEDED) {
                for (String down : plan.downstream(id)) {
                    int left = waitingFor.merge(down, -1, Integer::sum);
                    if (left == 0 && status.get(down) == ActionStatus.WAITING) {
                        ready.add(down);
                    }
                }
            } else {
                skipDownstream(id);
                if (settings.failFast() && !stopping
                        && (result.status() == ActionStatus.FAILED || result.status() == ActionStatus.TIMED_OUT)) {
                    stopping = true;
                    toCancel = new ArrayList<>(running.values());
                    skipAllWaiting("not started: '" + id + "' failed and --fail-fast stops the run");
                }
            }
            dispatch(workers, timers);
        }
        toCancel.forEach(c -> c.cancel(Cancellation.Reason.FAIL_FAST));
    }

    private void record(ActionResult result) {
        results.put(result.actionId(), result);
        status.put(result.actionId(), result.status());
        if (result.status() == ActionStatus.SUCCEEDED) {
            outputs.put(result.actionId(), result.outputs());
        }
        emit(new ActionFinished(result, result.finished()));
    }

    private void skipDownstream(String failed) {
        Deque<String> todo = new ArrayDeque<>(plan.downstream(failed));
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (status.get(id) == ActionStatus.WAITING) {
                ready.remove(id);
                discardPrepared(id);
                record(ActionResult.skipped(id, "skipped: '" + failed + "' did not succeed", Instant.now()));
                todo.addAll(plan.downstream(id));
            }
        }
    }

    private void skipAllWaiting(String why) {
        for (String id : plan.actions()) {
            if (status.get(id) == ActionStatus.WAITING) {
                ready.remove(id);
                discardPrepared(id);
                record(ActionResult.skipped(id, why, Instant.now()));
            }
        }
    }

    private void checkFinished() {
        if (!finished && running.isEmpty() && (ready.isEmpty() || stopping)) {
            skipAllWaiting("skipped: its dependencies did not succeed");
            finished = true;
            lock.notifyAll();
        }
    }

    // ---- one action (on its own thread) ----

    private ActionResult runAction(String id, Runner runner, Cancellation token, ScheduledExecutorService timers,
                                   Runnable reachedSteps) {
        Action written = plan.graph().action(id);
        Instant started = Instant.now();
        emit(new ActionStarted(id, runner == null ? null : runner.name(), started));
        int minutes = written.timeoutMinutes() != null ? written.timeoutMinutes()
                : written.kind().maxTimeoutMinutes();
        Duration timeout = Duration.ofNanos((long) ((double) minutes * settings.timeoutUnit().toNanos()));
        ScheduledFuture<?> timer = timers.schedule(() -> token.cancel(Cancellation.Reason.TIMEOUT),
                timeout.toNanos(), TimeUnit.NANOSECONDS);
        Attempt attempt = new Attempt(id, runner, token, started, reachedSteps);
        try {
            // No lock here: the upstream actions' outputs were all recorded before this action was dispatched, and
            // while dispatch (under the lock) starts a burst of other actions, this one must not wait for it.
            Action action = references.resolve(written, outputs::get, attempt::note);
            ActionWork work = types.work(action);
            if (work instanceof ActionWork.Complete c) {
                attempt.note(c.note());
                return attempt.result(ActionStatus.SUCCEEDED, 0, 0, c.note(), Map.of());
            } else if (work instanceof ActionWork.InProcess p) {
                return attempt.inProcess(action, p.work(), minutes);
            } else if (work instanceof ActionWork.Unsupported u) {
                return attempt.result(ActionStatus.FAILED, null, 0, u.reason(), Map.of());
            } else if (work instanceof ActionWork.Invalid inv) {
                return attempt.result(ActionStatus.FAILED, null, 0, inv.reason(), Map.of());
            }
            return attempt.runSteps(action, work, minutes);
        } catch (RuntimeException | IOException e) {
            return attempt.result(ActionStatus.FAILED, null, 0, "internal error: " + e, Map.of());
        } finally {
            timer.cancel(false);
        }
    }

    /** The state of one action while it runs. */
    private final class Attempt implements JobEvents {
        private final String id;
        private final Runner runner;
        private final Cancellation token;
        private final Instant started;
        /** Called at the first step: the action is no longer starting. */
        private final Runnable reachedSteps;
        private final Map<String, Object> details = new LinkedHashMap<>();
        private final List<String> summary = new ArrayList<>();
        private volatile int step;
        private volatile long stepStartNanos;
        private List<String> stepTexts = List.of();

        Attempt(String id, Runner runner, Cancellation token, Instant started, Runnable reachedSteps) {
            this.id = id;
            this.reachedSteps = reachedSteps;
            this.runner = runner;
            this.token = token;
            this.started = started;
        }

        /** Runs the action's steps on its runner, or its task here ({@code work} is one of the two). */
        ActionResult runSteps(Action action, ActionWork work, int minutes) throws IOException {
            ActionTask task = work instanceof ActionWork.RunTask t ? t.task() : null;
            this.stepTexts = task != null ? List.of(task.describe()) : ((ActionWork.RunSteps) work).steps();
            if (task == null) {
                enterStartLane(id);
            }
            Path actionDir = actionDirectory(id);
            Path scratch = settings.scratchRoot().resolve(id);
            CompletableFuture<Workspace> ahead = takePrepared(id);
            Workspace workspace = null;
            if (ahead != null) {
                try {
                    workspace = ahead.join();
                } catch (RuntimeException e) {
                    note("making the workspace ahead of time failed (" + e.getMessage() + "); trying again");
                    FolderTrees.deleteQuietly(actionDir);
                }
            }
            if (workspace == null) {
                workspace = workspaces.create(action, actionDir);
            }
            ActionScope scope = new ActionScope(settings.runId(), settings.runDirectory(), actionDir, action, runner,
                    workspace, masker, this::note);
            List<ActionLifecycle> entered = new ArrayList<>();
            StepsResult result = null;
            String failure = null;
            try {
                for (ActionLifecycle lc : lifecycles) {
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
                    StepEnvironment.Built env = StepEnvironment.build(settings.baseEnvironment(), ws, defaultDir,
                            scope.environment(), action.inputs().variables());
                    Files.createDirectories(scratch);
                    StepsJob job = new StepsJob(id, action, stepTexts, env.variables(), env.pathVariables(), ws,
                            defaultDir, action.outputs().variables(), scratch);
                    result = task != null ? runTask(task, job) : runner.runSteps(job, this, token);
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
                workspaces.release(workspace);
            } catch (IOException e) {
                note("could not remove the workspace " + workspace.root() + ": " + e.getMessage());
            }
            details.putAll(scope.details());
            summary.addAll(scope.summary());
            if (failure != null) {
                return result(ActionStatus.FAILED, result == null || result.succeeded() ? null : result.exitCode(),
                        result == null ? 0 : result.failedStep(), failure, Map.of());
            }
            if (!outcome.succeeded() && token.isCancelled()) {
                return cancelled(minutes);
            }
            if (!outcome.succeeded()) {
                return result(ActionStatus.FAILED, outcome.exitCode() < 0 ? null : outcome.exitCode(),
                        outcome.failedStep(), outcome.message(), Map.of());
            }
            return withOutputs(action, outcome.outputs(), task != null);
        }

        /** Runs {@code task} as the action's one step. */
        private StepsResult runTask(ActionTask task, StepsJob job) throws ActionFailure, InterruptedException {
            stepStarted(1);
            StepsResult r;
            try {
                r = task.run(job, this, token);
            } catch (ActionFailure | InterruptedException | RuntimeException e) {
                stepFinished(1, 1);
                throw e;
            }
            stepFinished(1, r.succeeded() ? 0 : Math.max(1, r.exitCode()));
            return r;
        }

        ActionResult inProcess(Action action, InProcessWork work, int minutes) {
            try {
                Map<String, String> outs = work.run(new InProcessWork.Context(settings.runId(),
                        plan.workflow().name(), action, this::note, token));
                return withOutputs(action, outs, true);
            } catch (ActionFailure f) {
                return result(ActionStatus.FAILED, null, 0, f.getMessage(), Map.of());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return cancelled(minutes);
            }
        }

        private ActionResult cancelled(int minutes) {
            return switch (token.reason()) {
                case TIMEOUT -> result(ActionStatus.TIMED_OUT, null, step,
                        "timed out after " + minutes + " min (Timeout: " + minutes + ")", Map.of());
                case FAIL_FAST -> result(ActionStatus.CANCELLED, null, step,
                        "cancelled: another action failed (--fail-fast)", Map.of());
                case INTERRUPTED -> result(ActionStatus.CANCELLED, null, step, "interrupted", Map.of());
            };
        }

        /**
         * The action's output variables: those {@code Outputs.Variables} declares, and, for a task, every variable it
         * produced (a deploy action's are predefined).
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

        ActionResult result(ActionStatus st, Integer exitCode, int failedStep, String message,
                            Map<String, String> outs) {
            return new ActionResult(id, st, runner == null ? null : runner.name(), started, Instant.now(),
                    exitCode, failedStep, message, outs, details, summary);
        }

        void note(String text) {
            emit(new LogLine(id, 0, text, true, Instant.now()));
        }

        @Override
        public void stepStarted(int n) {
            reachedSteps.run();
            step = n;
            stepStartNanos = System.nanoTime();
            String text = n >= 1 && n <= stepTexts.size() ? stepTexts.get(n - 1) : "";
            emit(new StepStarted(id, n, stepTexts.size(), text, Instant.now()));
        }

        @Override
        public void stepFinished(int n, int exitStatus) {
            emit(new StepFinished(id, n, exitStatus, Duration.ofNanos(System.nanoTime() - stepStartNanos),
                    Instant.now()));
        }

        @Override
        public void log(String line) {
            emit(new LogLine(id, step, line, false, Instant.now()));
        }
    }

    // ---- plumbing ----

    private void emit(RunEvent event) {
        RunEvent masked = event.masked(masker);
        synchronized (emitLock) {
            try {
                listener.onEvent(masked);
            } catch (RuntimeException e) {
                // a reporter's bug must not stop the run
            }
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
