package dev.gantry.server.runs;

import dev.gantry.engine.diagnostic.Diagnostic;
import dev.gantry.engine.files.FolderTrees;
import dev.gantry.engine.model.RunMode;
import dev.gantry.engine.run.ActionEntry;
import dev.gantry.engine.run.RunEvent;
import dev.gantry.engine.run.RunListener;
import dev.gantry.scm.git.ScmException;
import dev.gantry.server.EventLog;
import dev.gantry.server.ServerMetrics;
import dev.gantry.server.gates.GateDesk;
import dev.gantry.server.history.HistoryStore;
import dev.gantry.server.history.NewRun;
import dev.gantry.server.history.RunRecord;
import dev.gantry.server.history.RunState;
import dev.gantry.server.latency.StartLatencies;
import dev.gantry.server.latency.StartPhase;
import dev.gantry.server.latency.StartTimeline;
import dev.gantry.server.queue.QueueGate;
import dev.gantry.server.repo.Repositories;
import dev.gantry.server.repo.WatchedRepository;
import dev.gantry.server.repo.WorkflowCache;
import dev.gantry.service.RunHandle;
import dev.gantry.service.RunRequest;
import dev.gantry.service.RunResult;
import dev.gantry.service.RunService;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs the server's runs: records each one (Queued), makes its workspace from the fetched commit, starts it on the
 * shared {@link RunService} with the RunMode queues as its {@link ActionEntry} and the {@link GateDesk} as its
 * approver, writes its events into the history, and records how it ended. Also: cancel (Stopped), re-run (same
 * commit and variables, new id), recovery at start-up (in progress: Abandoned; queued: started) and shutdown
 * (running runs stopped, queued runs left queued for the next start).
 */
public final class RunCoordinator implements RunControl, AutoCloseable {
    private final RunService service;
    private final HistoryStore history;
    private final Repositories repositories;
    private final RunFiles files;
    private final WorkflowCache workflows;
    private final GateDesk gates;
    private final ServerMetrics metrics;
    private final EventLog log;
    private final Clock clock;
    private final StartLatencies latencies;
    private final QueueGate queues = new QueueGate(this::supersede);
    private final ExecutorService starter = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "gantry-server-run");
        t.setDaemon(true);
        return t;
    });
    private final Map<Long, ActiveRun> active = new ConcurrentHashMap<>();
    private volatile boolean shuttingDown;

    public RunCoordinator(RunService service, HistoryStore history, Repositories repositories, RunFiles files,
                          WorkflowCache workflows, GateDesk gates, ServerMetrics metrics, EventLog log,
                          Clock clock, StartLatencies latencies) {
        this.service = service;
        this.history = history;
        this.repositories = repositories;
        this.files = files;
        this.workflows = workflows;
        this.gates = gates;
        this.metrics = metrics;
        this.log = log;
        this.clock = clock;
        this.latencies = latencies;
    }

    /** A run this server is working on. */
    private static final class ActiveRun {
        final long id;
        volatile RunHandle handle;
        volatile RunState endAs;
        volatile String endReason;
        volatile boolean started;
        volatile HistoryRecorder recorder;
        final Map<String, Set<String>> groupsLeft = new HashMap<>();
        final StartTimeline timeline;

        ActiveRun(long id, StartTimeline timeline) {
            this.id = id;
            this.timeline = timeline;
        }
    }

    @Override
    public RunRecord submit(NewRun run, StartTimeline trigger) {
        long id = history.createRun(run, clock.millis());
        StartTimeline timeline = trigger.forRun(id, run.commit());
        timeline.mark(StartPhase.QUEUED);
        RunRecord record = history.run(id).orElseThrow();
        log.log("run " + id + " queued: " + run.repository() + "/" + run.workflow() + " on " + run.branch() + " at "
                + shortCommit(run.commit()) + " (" + run.triggerDetail() + ")");
        startLater(record, timeline);
        return record;
    }

    private void startLater(RunRecord record, StartTimeline timeline) {
        ActiveRun a = new ActiveRun(record.id(), timeline);
        active.put(record.id(), a);
        starter.execute(() -> {
            try {
                runNow(record, a);
            } catch (RuntimeException e) {
                finish(a, RunState.FAILED, "the server could not run it: " + e.getMessage());
            } finally {
                active.remove(record.id());
                queues.leaveAll(Long.toString(record.id()));
            }
        });
    }

    private void runNow(RunRecord run, ActiveRun a) {
        if (a.endAs != null) {
            finish(a, a.endAs, a.endReason);
            return;
        }
        Optional<WatchedRepository> repo = repositories.find(run.repository());
        if (repo.isEmpty()) {
            finish(a, RunState.CANCELLED, "repository '" + run.repository() + "' is no longer configured");
            return;
        }
        Path workspace = files.workspace(run.id());
        try {
            FolderTrees.deleteTree(workspace);
            // a run id is used once by the run service: what an earlier attempt of this still-queued run left (it
            // never started an action: the server stopped first) goes
            FolderTrees.deleteTree(files.runDir(run.id()));
            repo.get().mirror().materialize(run.commit(), workspace);
            a.timeline.mark(StartPhase.WORKSPACE);
        } catch (Exception e) {
            finish(a, RunState.FAILED, "cannot check out " + shortCommit(run.commit()) + ": " + e.getMessage());
            return;
        }
        try {
            Path workflowFile = workspace.resolve(run.workflowFile());
            RunMode mode = runMode(repo.get(), run);
            String queueScope = run.repository() + "/" + run.workflowFile();
            String runId = Long.toString(run.id());
            HistoryRecorder recorder = new HistoryRecorder(run.id(), run.workflow(), history, metrics, () -> {
                a.started = true;
                history.markStarted(run.id(), clock.millis());
                log.log("run " + run.id() + " started: " + run.repository() + "/" + run.workflow());
            });
            a.recorder = recorder;
            ActionEntry entry = request -> enter(a, recorder, queueScope, mode, request);
            RunListener queueExit = event -> {
                if (event instanceof RunEvent.RunStarted s) {
                    a.timeline.mark(StartPhase.RUN_STARTED, s.at());
                    planGroups(a, s);
                } else if (event instanceof RunEvent.ActionStarted s) {
                    a.timeline.mark(StartPhase.ACTION_STARTED, s.at());
                } else if (event instanceof RunEvent.StepStarted s && !a.timeline.reached(StartPhase.STEP_STARTED)) {
                    a.timeline.mark(StartPhase.STEP_STARTED, s.at());
                    latencies.completed(a.timeline);
                } else if (event instanceof RunEvent.ActionFinished f) {
                    leave(a, queueScope, f.result().actionId());
                }
            };
            RunRequest request = RunRequest.builder(workflowFile)
                    .displayName(run.workflowFile())
                    .sourceRoot(workspace)
                    .revision(new RunRequest.Revision(run.commit(), run.branch()))
                    .variables(run.variables())
                    .runId(runId)
                    .recordsFolder(files.runDir(run.id()).getParent())
                    .recordHeader(Map.of("repository", run.repository(), "commit", run.commit(),
                            "branch", run.branch() == null ? "" : run.branch(), "trigger", run.trigger()))
                    .entry(entry)
                    .approver(gates)
                    .build();
            if (a.endAs != null) {
                finish(a, a.endAs, a.endReason);
                return;
            }
            RunHandle handle = service.start(request, recorder, queueExit);
            a.handle = handle;
            if (a.endAs != null) {
                handle.cancel();
            }
            RunResult result = handle.await();
            if (shuttingDown && !a.started && a.endAs == null) {
                log.log("run " + run.id() + " stays queued: the server stopped before it started");
                return;
            }
            RunState state = switch (result.outcome()) {
                case SUCCEEDED -> RunState.SUCCEEDED;
                case FAILED -> RunState.FAILED;
                case INTERRUPTED -> RunState.STOPPED;
                case INVALID_WORKFLOW, REFUSED -> RunState.FAILED;
            };
            String reason = null;
            if (!result.ran()) {
                reason = "not run: " + result.diagnostics().stream().map(Diagnostic::format)
                        .limit(5).collect(Collectors.joining("; "));
            } else if (state == RunState.FAILED) {
                reason = result.report().actions().stream().filter(r -> r.message() != null
                        && !r.status().name().equals("SKIPPED")).map(r -> r.actionId() + ": " + r.message())
                        .findFirst().orElse(null);
                if (reason != null && reason.contains(": rejected: ")) {
                    state = RunState.STOPPED;
                }
            }
            if (a.endAs != null) {
                state = a.endAs;
                reason = a.endReason;
            }
            if (result.ran()) {
                recorder.reconcile(result.report());
            }
            finish(a, state, reason);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                FolderTrees.deleteTree(workspace);
            } catch (Exception e) {
                log.log("run " + run.id() + ": cannot remove its workspace " + workspace + ": " + e.getMessage());
            }
        }
    }

    /** The RunMode the run's workflow file declares at its commit (QUEUED when it says none or cannot be read). */
    private RunMode runMode(WatchedRepository repo, RunRecord run) {
        try {
            return workflows.file(repo.mirror(), run.commit(), run.workflowFile())
                    .map(p -> p.loaded().workflow()).map(w -> w.runMode()).orElse(RunMode.QUEUED);
        } catch (ScmException e) {
            return RunMode.QUEUED;
        }
    }

    private ActionEntry.Decision enter(ActiveRun a, HistoryRecorder recorder, String scope, RunMode mode,
                                       ActionEntry.Request request) throws InterruptedException {
        String runId = Long.toString(a.id);
        List<String> nodes = new ArrayList<>();
        int dot = request.actionId().indexOf('.');
        if (dot > 0) {
            String group = request.actionId().substring(0, dot);
            synchronized (a.groupsLeft) {
                if (!a.groupsLeft.containsKey("entered:" + group)) {
                    a.groupsLeft.put("entered:" + group, Set.of());
                    nodes.add(group);
                }
            }
        }
        nodes.add(request.actionId());
        for (String node : nodes) {
            recorder.queued(request.actionId(), true);
            try {
                if (!queues.enter(scope, node, mode, runId, request.cancellation())) {
                    return ActionEntry.Decision.skip(a.endReason != null ? a.endReason : "the run was stopped");
                }
            } catch (QueueGate.QueueFullException e) {
                a.endAs = RunState.CANCELLED;
                a.endReason = e.getMessage();
                if (a.handle != null) {
                    a.handle.cancel();
                }
                return ActionEntry.Decision.skip(e.getMessage());
            }
        }
        recorder.queued(request.actionId(), false);
        return ActionEntry.Decision.START;
    }

    private void planGroups(ActiveRun a, RunEvent.RunStarted s) {
        synchronized (a.groupsLeft) {
            for (RunEvent.PlannedAction p : s.actions()) {
                int dot = p.actionId().indexOf('.');
                if (dot > 0) {
                    a.groupsLeft.computeIfAbsent(p.actionId().substring(0, dot), g -> new HashSet<>()).add(p.actionId());
                }
            }
        }
    }

    private void leave(ActiveRun a, String scope, String actionId) {
        String runId = Long.toString(a.id);
        queues.leave(scope, actionId, runId);
        int dot = actionId.indexOf('.');
        if (dot > 0) {
            String group = actionId.substring(0, dot);
            boolean groupDone;
            synchronized (a.groupsLeft) {
                Set<String> left = a.groupsLeft.get(group);
                if (left != null) {
                    left.remove(actionId);
                }
                groupDone = left == null || left.isEmpty();
            }
            if (groupDone) {
                queues.leave(scope, group, runId);
            }
        }
    }

    /** A newer run took {@code runId}'s place in a SUPERSEDED queue. */
    private void supersede(String runId) {
        ActiveRun a = active.get(Long.parseLong(runId));
        if (a != null) {
            a.endAs = RunState.SUPERSEDED;
            a.endReason = "superseded by a newer run";
            if (a.handle != null) {
                a.handle.cancel();
            }
        }
    }

    private void finish(ActiveRun a, RunState state, String reason) {
        if (history.markFinished(a.id, state, reason, clock.millis())) {
            RunRecord r = history.run(a.id).orElseThrow();
            metrics.runFinished(r.workflow(), state);
            String took = r.startedAt() == null ? "" : " in " + formatDuration(Duration.ofMillis(
                    r.finishedAt() - r.startedAt()));
            log.log("run " + a.id + " finished: " + state.label() + took + (reason == null ? "" : " (" + reason + ")"));
        }
    }

    @Override
    public boolean cancel(long runId, String by) {
        ActiveRun a = active.get(runId);
        if (a == null) {
            RunRecord r = history.run(runId).orElse(null);
            if (r != null && r.state() == RunState.QUEUED) {
                return history.markFinished(runId, RunState.STOPPED, "stopped by " + by, clock.millis());
            }
            return false;
        }
        a.endAs = RunState.STOPPED;
        a.endReason = "stopped by " + by;
        log.log("run " + runId + " stopping (asked by " + by + ")");
        RunHandle h = a.handle;
        if (h != null) {
            h.cancel();
        }
        return true;
    }

    @Override
    public Optional<RunRecord> rerun(long runId, String by) {
        return history.run(runId).map(r -> submit(new NewRun(r.repository(), r.workflow(), r.workflowFile(),
                r.branch(), r.commit(), "RERUN", "re-run of run " + r.id() + " by " + by, by, r.variables(),
                r.id())));
    }

    @Override
    public GateDesk gates() {
        return gates;
    }

    @Override
    public boolean isActive(long runId) {
        return active.containsKey(runId);
    }

    /** How many runs wait in RunMode queues. */
    public int queueWaiting() {
        return queues.waiting();
    }

    /**
     * Start-up: runs left in progress by a server that stopped without finishing them are Abandoned (with their
     * unfinished actions), and runs left queued start now, oldest first. Returns the abandoned ids.
     */
    public List<Long> recover() {
        List<Long> abandoned = new ArrayList<>();
        for (RunRecord r : history.inState(RunState.IN_PROGRESS)) {
            history.actions(r.id()).stream().filter(x -> List.of("waiting", "queued", "running").contains(x.state()))
                    .forEach(x -> history.putAction(r.id(), new dev.gantry.server.history.ActionRecord(x.name(),
                            x.position(), "abandoned", x.runner(), x.dependsOn(), "the server stopped while it ran",
                            x.startedAt(), x.finishedAt() != null ? x.finishedAt() : clock.millis())));
            history.markFinished(r.id(), RunState.ABANDONED, "the server stopped while it ran", clock.millis());
            log.log("run " + r.id() + " abandoned: it was in progress when the server stopped");
            abandoned.add(r.id());
        }
        for (RunRecord r : history.inState(RunState.QUEUED)) {
            log.log("run " + r.id() + " was queued when the server stopped; starting it");
            startLater(r, StartTimeline.begin("recovery"));
        }
        return abandoned;
    }

    /**
     * Shutdown (SIGTERM): running runs are cancelled as {@code gantry run} cancels them and recorded Stopped; runs
     * that had not started stay queued. Waits up to {@code grace} for them to end.
     */
    @Override
    public void close() {
        shutdown(Duration.ofSeconds(30));
    }

    public void shutdown(Duration grace) {
        shuttingDown = true;
        for (ActiveRun a : active.values()) {
            if (a.started) {
                a.endAs = RunState.STOPPED;
                a.endReason = "the server shut down";
            }
            RunHandle h = a.handle;
            if (h != null) {
                h.cancel();
            }
        }
        starter.shutdown();
        try {
            if (!starter.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.log("runs still ending after " + grace.toSeconds() + " s: " + active.keySet());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String shortCommit(String commit) {
        return commit == null ? "?" : commit.length() > 12 ? commit.substring(0, 12) : commit;
    }

    private static String formatDuration(Duration d) {
        return d.toMillis() < 10_000 ? String.format("%.1f s", d.toMillis() / 1000.0) : d.toSeconds() + " s";
    }
}
