package dev.gantry.engine.run;

import dev.gantry.engine.run.RunEvent.ActionFinished;
import dev.gantry.engine.run.RunEvent.PlannedAction;
import dev.gantry.engine.run.RunEvent.RunFinished;
import dev.gantry.engine.run.RunEvent.RunStarted;
import dev.gantry.engine.run.SchedulingPolicy.Effect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a {@link RunPlan}: the {@link SchedulingPolicy} decides what starts when (under one lock), each started
 * action runs as an {@link ActionAttempt} on its own thread, the {@link WorkspacePrefetch} copies workspaces ahead of
 * time and paces starts. Nothing polls: completions, entries and freed runner capacity drive the policy.
 *
 * <p>Events are masked by one {@link SecretMasker} and delivered one at a time, outside the scheduling lock; a
 * listener that throws does not stop the run. {@link #cancel()} (Ctrl-C) cancels everything; {@link #run} returns
 * once every action has ended.
 */
public final class RunExecutor {
    private final RunPlan plan;
    private final RunSettings settings;
    private final WorkspaceProvider workspaces;
    private final List<ActionLifecycle> lifecycles;
    private final ReferenceValues references;
    private final SecretMasker masker;
    private final ActionEntry entry;
    private final RunnerSlots slots;

    private final Object lock = new Object();
    private final Object emitLock = new Object();
    private final SchedulingPolicy policy;
    private final Map<String, Cancellation> running = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> outputs = new ConcurrentHashMap<>();
    private final Map<String, ActionResult> results = new ConcurrentHashMap<>();
    /** Cancels the entries of a cancelled run. */
    private final Cancellation runCancellation = new Cancellation();
    /** Effects taken from the policy and not yet carried out (the run ends only when none are left). */
    private int delivering;
    private RunListener listener = e -> { };
    private ExecutorService workers;
    private ActionAttempt.RunContext context;

    /** A run with no entry hook whose runners' capacity it shares with nobody. */
    public RunExecutor(RunPlan plan, RunSettings settings, WorkspaceProvider workspaces,
                       List<ActionLifecycle> lifecycles, ReferenceValues references, SecretMasker masker) {
        this(plan, settings, workspaces, lifecycles, references, masker, ActionEntry.OPEN, new RunnerSlots());
    }

    /**
     * @param plan       what to run (with each action's work, decided when it was planned)
     * @param settings   how
     * @param workspaces makes action workspaces
     * @param lifecycles hooks around each action's steps, in order
     * @param references values of workflow references (also used to plan)
     * @param masker     the run's secrets (hooks may add more while it runs)
     * @param entry      decides when each ready action may start
     * @param slots      the runners' slots, shared by every run of one process
     */
    public RunExecutor(RunPlan plan, RunSettings settings, WorkspaceProvider workspaces,
                       List<ActionLifecycle> lifecycles, ReferenceValues references, SecretMasker masker,
                       ActionEntry entry, RunnerSlots slots) {
        this.plan = plan;
        this.settings = settings;
        this.workspaces = workspaces;
        this.lifecycles = List.copyOf(lifecycles);
        this.references = references;
        this.masker = masker;
        this.entry = entry;
        this.slots = slots;
        this.policy = new SchedulingPolicy(plan, settings.concurrency(), settings.failFast(),
                entry != ActionEntry.OPEN, slots);
    }

    /** Runs the plan, sending every event to {@code listener}; returns when every action has ended. */
    public RunReport run(RunListener listener) {
        this.listener = listener;
        Instant started = Instant.now();
        workers = Executors.newCachedThreadPool(daemonThreads("gantry-action"));
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, daemonThreads("gantry-timeout"));
        timers.setRemoveOnCancelPolicy(true);
        WorkspacePrefetch prefetch = new WorkspacePrefetch(plan, workspaces,
                id -> settings.runDirectory().resolve("work").resolve(id),
                Math.min(settings.concurrency(), WorkspacePrefetch.START_LANES), daemonThreads("gantry-workspace"));
        context = new ActionAttempt.RunContext(plan, settings, lifecycles, references, masker, prefetch,
                outputs::get, this::emit, timers);
        Runnable capacityFreed = () -> apply(() -> policy.capacityFreed());
        slots.onRelease(capacityFreed);
        try {
            List<PlannedAction> planned = plan.actions().stream().map(id -> new PlannedAction(id,
                    plan.runners().get(id).isEmpty() ? null : plan.runners().get(id).get(0).name(),
                    plan.upstream(id))).toList();
            emit(new RunStarted(settings.runId(), plan.workflow().name(), planned, started));
            apply(policy::begin);
            if (runCancellation.isCancelled()) { // cancelled before it began
                apply(policy::cancel);
            }
            synchronized (lock) {
                while (!policy.done() || delivering > 0) {
                    lock.wait();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
        } finally {
            slots.removeListener(capacityFreed);
            workers.shutdown();
            timers.shutdownNow();
            prefetch.close();
        }
        RunStatus runStatus;
        List<ActionResult> all = plan.actions().stream().map(results::get).toList();
        synchronized (lock) {
            boolean allOk = all.stream().allMatch(r -> r != null && (r.status() == ActionStatus.SUCCEEDED
                    || r.status() == ActionStatus.SKIPPED && plan.work().get(r.actionId()) instanceof ActionWork.Skip));
            runStatus = policy.interrupted() ? RunStatus.INTERRUPTED : allOk ? RunStatus.SUCCEEDED : RunStatus.FAILED;
        }
        RunReport report = new RunReport(settings.runId(), plan.workflow().name(), runStatus, started,
                Instant.now(), all);
        emit(new RunFinished(report, report.finished()));
        return ((RunFinished) new RunFinished(report, report.finished()).masked(masker)).report();
    }

    /**
     * Cancels the run (Ctrl-C): running actions are cancelled (their process trees ended), waiting ones skipped.
     * Safe to call from any thread, any number of times.
     */
    public void cancel() {
        runCancellation.cancel(Cancellation.Reason.INTERRUPTED);
        apply(policy::cancel);
    }

    // ---- carrying out the policy's effects (outside its lock) ----

    private interface Step {
        List<Effect> next();
    }

    /** Asks the policy under the lock, then carries out what it said with the lock released. */
    private void apply(Step step) {
        apply(step, false);
    }

    /**
     * {@link #apply(Step)}; with {@code takeOne}, the first action the policy starts is not handed to a worker but
     * returned, for the calling worker (whose action just ended) to run next: on a chain, no thread hand-off between
     * one action and the next.
     */
    private Effect.Start apply(Step step, boolean takeOne) {
        List<Effect> effects;
        synchronized (lock) {
            if (context == null) {
                return null;
            }
            effects = step.next();
            delivering++;
            for (Effect e : effects) {
                if (e instanceof Effect.Start s) {
                    running.put(s.actionId(), new Cancellation());
                    if (s.runner() != null) {
                        context.prefetch().startingBegan();
                    }
                } else if (e instanceof Effect.Skip s) {
                    results.put(s.actionId(), ActionResult.skipped(s.actionId(), s.reason(), Instant.now()));
                }
            }
            if (!policy.done()) {
                context.prefetch().prepareAhead(policy.likelyNext());
            }
        }
        boolean released = false;
        Effect.Start kept = null;
        try {
            for (Effect e : effects) {
                if (takeOne && kept == null && e instanceof Effect.Start s) {
                    kept = s;
                }
            }
            released = deliver(effects, kept);
        } finally {
            synchronized (lock) {
                delivering--;
                lock.notifyAll();
            }
        }
        if (released) {
            slots.signalReleased();
        }
        return kept;
    }

    /** Carries out {@code effects} but {@code kept}; returns whether a runner slot came free. */
    private boolean deliver(List<Effect> effects, Effect.Start kept) {
        boolean released = false;
        for (Effect e : effects) {
            if (e == kept) {
                continue;
            }
            if (e instanceof Effect.Skip s) {
                context.prefetch().discard(s.actionId());
                emit(new ActionFinished(results.get(s.actionId()), Instant.now()));
            } else if (e instanceof Effect.Start s) {
                workers.execute(() -> attempts(s));
            } else if (e instanceof Effect.Enter en) {
                workers.execute(() -> enter(en.actionId()));
            } else if (e instanceof Effect.Cancel c) {
                Cancellation token = running.get(c.actionId());
                if (token != null) {
                    token.cancel(c.reason());
                }
            } else if (e instanceof Effect.CapacityReleased) {
                released = true;
            }
        }
        return released;
    }

    /** Runs {@code first}'s attempt, then each action the policy starts as one ends, while there is one. */
    private void attempts(Effect.Start first) {
        for (Effect.Start s = first; s != null; ) {
            ActionResult result = new ActionAttempt(context, s.actionId(), s.runner(), running.get(s.actionId()))
                    .run();
            s = finish(result);
        }
    }

    /** Records an action's end; returns an action the policy started then, for this worker to run. */
    private Effect.Start finish(ActionResult result) {
        results.put(result.actionId(), result);
        if (result.status() == ActionStatus.SUCCEEDED) {
            outputs.put(result.actionId(), result.outputs());
        }
        running.remove(result.actionId());
        emit(new ActionFinished(result, result.finished()));
        return apply(() -> policy.finished(result.actionId(), result.status()), true);
    }

    private void enter(String id) {
        ActionEntry.Decision d;
        try {
            d = entry.enter(new ActionEntry.Request(settings.runId(), plan.workflow().name(), id, runCancellation));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            d = ActionEntry.Decision.skip("interrupted while waiting to start");
        } catch (RuntimeException e) {
            d = ActionEntry.Decision.skip("internal error while waiting to start: " + e);
        }
        ActionEntry.Decision decision = d;
        apply(() -> policy.entered(id, decision.start(), decision.reason()));
    }

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
