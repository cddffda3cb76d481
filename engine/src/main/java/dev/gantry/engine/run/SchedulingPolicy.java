package dev.gantry.engine.run;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What to do next in a run, without threads: the ready set, slots (the run's concurrency and the runners'
 * capacities, shared through {@link RunnerSlots}), skipping, fail-fast, and critical-path order. The executor tells
 * it what happened ({@link #begin}, {@link #entered}, {@link #finished}, {@link #cancel}, {@link #capacityFreed})
 * and carries out the {@link Effect}s it returns; tests drive it the same way, step by step. Not thread-safe: the
 * executor calls it under one lock.
 *
 * <p>An action becomes ready when its last dependency has succeeded (first passing its {@link ActionEntry} when the
 * run has one). Ready actions start in order of their longest remaining chain (then plan order) while a slot is
 * free: an action that runs steps needs one of the run's {@code concurrency} slots and a slot of one of its
 * candidate runners; other work (a gate, in-process work) needs neither. A failed action skips what depends on it;
 * with {@code failFast} the first failure cancels the running actions and skips every waiting one.
 */
public final class SchedulingPolicy {
    /** What the executor must do. */
    public sealed interface Effect {
        /** Ask the run's {@link ActionEntry} whether {@code actionId} may start; report with {@link #entered}. */
        record Enter(String actionId) implements Effect {
        }

        /** Start {@code actionId} on {@code runner} ({@code null}: its work needs no runner). */
        record Start(String actionId, Runner runner) implements Effect {
        }

        /** Record {@code actionId} as skipped. */
        record Skip(String actionId, String reason) implements Effect {
        }

        /** Cancel the running {@code actionId}. */
        record Cancel(String actionId, Cancellation.Reason reason) implements Effect {
        }

        /** A runner slot came free: other runs sharing the {@link RunnerSlots} may start something. */
        record CapacityReleased() implements Effect {
        }

        /** Every action has ended: the run is over. */
        record Done() implements Effect {
        }
    }

    /** Where an action is. */
    public enum State {
        /** Its dependencies have not all succeeded. */
        WAITING,
        /** Its {@link ActionEntry} is deciding. */
        ENTERING,
        /** Waiting for a slot. */
        READY,
        RUNNING,
        /** Finished, skipped or cancelled. */
        ENDED
    }

    private final RunPlan plan;
    private final int concurrency;
    private final boolean failFast;
    private final boolean gated;
    private final RunnerSlots slots;
    private final Map<String, State> state = new HashMap<>();
    private final Map<String, Integer> waitingFor = new HashMap<>();
    private final Map<String, Runner> runnerOf = new HashMap<>();
    private final Set<String> succeeded = new HashSet<>();
    private final TreeSet<String> ready;
    private final Comparator<String> order;
    private int slotsInUse;
    private boolean stopping;
    private boolean interrupted;
    private boolean done;

    /**
     * @param plan        what to run
     * @param concurrency the run's limit on actions running steps at once ({@link Integer#MAX_VALUE}: none)
     * @param failFast    cancel everything on the first failure
     * @param gated       whether ready actions first pass an {@link ActionEntry} ({@link Effect.Enter})
     * @param slots       the runners' slots, shared with other runs
     */
    public SchedulingPolicy(RunPlan plan, int concurrency, boolean failFast, boolean gated, RunnerSlots slots) {
        this.plan = plan;
        this.concurrency = concurrency;
        this.failFast = failFast;
        this.gated = gated;
        this.slots = slots;
        Map<String, Integer> position = new HashMap<>();
        for (String id : plan.actions()) {
            position.put(id, position.size());
        }
        this.order = Comparator.comparingInt((String id) -> -plan.priority().get(id)).thenComparingInt(position::get);
        this.ready = new TreeSet<>(order);
    }

    /** Starts the run: the actions with no dependencies become ready. */
    public List<Effect> begin() {
        List<Effect> effects = new ArrayList<>();
        for (String id : plan.actions()) {
            state.put(id, State.WAITING);
            waitingFor.put(id, plan.upstream(id).size());
        }
        for (String id : plan.actions()) {
            if (waitingFor.get(id) == 0) {
                becomeReady(id, effects);
            }
        }
        dispatch(effects);
        return effects;
    }

    /** {@code actionId}'s entry decided: it starts (when a slot is free), or is skipped with {@code reason}. */
    public List<Effect> entered(String actionId, boolean start, String reason) {
        List<Effect> effects = new ArrayList<>();
        if (state.get(actionId) == State.ENTERING) {
            if (start && !stopping) {
                state.put(actionId, State.READY);
                ready.add(actionId);
            } else {
                skip(actionId, start ? "skipped: the run was stopped" : reason, effects);
                if (!start) {
                    skipDownstream(actionId, effects);
                }
            }
        }
        dispatch(effects);
        return effects;
    }

    /** {@code actionId} ended with {@code status}: its slot is free; what waited for it goes on or is skipped. */
    public List<Effect> finished(String actionId, ActionStatus status) {
        List<Effect> effects = new ArrayList<>();
        if (state.get(actionId) != State.RUNNING) {
            throw new IllegalStateException(actionId + " is not running");
        }
        state.put(actionId, State.ENDED);
        Runner runner = runnerOf.remove(actionId);
        if (runner != null) {
            slots.release(runner);
            slotsInUse--;
            effects.add(new Effect.CapacityReleased());
        }
        if (status == ActionStatus.SUCCEEDED || leftOut(actionId)) {
            succeeded.add(actionId);
            for (String down : plan.downstream(actionId)) {
                int left = waitingFor.merge(down, -1, Integer::sum);
                if (left == 0 && state.get(down) == State.WAITING && !stopping) {
                    becomeReady(down, effects);
                }
            }
        } else {
            skipDownstream(actionId, effects);
            if (failFast && !stopping && (status == ActionStatus.FAILED || status == ActionStatus.TIMED_OUT)) {
                stopping = true;
                cancelRunning(Cancellation.Reason.FAIL_FAST, effects);
                skipAllWaiting("not started: '" + actionId + "' failed and fail-fast stops the run", effects);
            }
        }
        dispatch(effects);
        return effects;
    }

    /** The run is cancelled (Ctrl-C): running actions are cancelled, the others skipped. */
    public List<Effect> cancel() {
        List<Effect> effects = new ArrayList<>();
        if (!done) {
            interrupted = true;
            stopping = true;
            cancelRunning(Cancellation.Reason.INTERRUPTED, effects);
            skipAllWaiting("run interrupted", effects);
            checkDone(effects);
        }
        return effects;
    }

    /** Runner capacity came free elsewhere (another run sharing the slots): start what now fits. */
    public List<Effect> capacityFreed() {
        List<Effect> effects = new ArrayList<>();
        if (state.isEmpty()) {
            // not begun yet (another run freed capacity first): begin() dispatches; checking for "done" now would
            // end this run before its first action
            return effects;
        }
        dispatch(effects);
        return effects;
    }

    /** Where {@code actionId} is. */
    public State state(String actionId) {
        return state.get(actionId);
    }

    public boolean done() {
        return done;
    }

    public boolean interrupted() {
        return interrupted;
    }

    /** How many of the run's concurrency slots are taken. */
    public int slotsInUse() {
        return slotsInUse;
    }

    /**
     * The actions likely to start next, most likely first: ready ones, then those waiting only for running or
     * succeeded ones, each group in start order. What the workspace prefetch prepares.
     */
    public List<String> likelyNext() {
        List<String> next = new ArrayList<>();
        for (String id : ready) {
            if (needsRunner(id)) {
                next.add(id);
            }
        }
        List<String> soon = new ArrayList<>();
        for (String id : plan.actions()) {
            if (state.get(id) == State.WAITING && needsRunner(id) && plan.upstream(id).stream()
                    .allMatch(up -> state.get(up) == State.RUNNING || succeeded.contains(up))) {
                soon.add(id);
            }
        }
        soon.sort(order);
        next.addAll(soon);
        return next;
    }

    // ---- internals ----

    /** Whether the user left {@code id} out ({@code --skip-action}): its dependents run all the same. */
    private boolean leftOut(String id) {
        return plan.work().get(id) instanceof ActionWork.Skip;
    }

    private boolean needsRunner(String id) {
        return plan.work().get(id) instanceof ActionWork.RunSteps;
    }

    private void becomeReady(String id, List<Effect> effects) {
        if (gated) {
            state.put(id, State.ENTERING);
            effects.add(new Effect.Enter(id));
        } else {
            state.put(id, State.READY);
            ready.add(id);
        }
    }

    private void dispatch(List<Effect> effects) {
        if (!stopping) {
            for (String id : new ArrayList<>(ready)) {
                Runner runner = null;
                if (needsRunner(id)) {
                    if (slotsInUse >= concurrency) {
                        break;
                    }
                    for (Runner candidate : plan.runners().get(id)) {
                        if (slots.tryAcquire(candidate)) {
                            runner = candidate;
                            break;
                        }
                    }
                    if (runner == null) {
                        continue;
                    }
                    slotsInUse++;
                    runnerOf.put(id, runner);
                }
                ready.remove(id);
                state.put(id, State.RUNNING);
                effects.add(new Effect.Start(id, runner));
            }
        }
        checkDone(effects);
    }

    private void checkDone(List<Effect> effects) {
        if (done || state.containsValue(State.RUNNING) || state.containsValue(State.ENTERING)
                || !ready.isEmpty() && !stopping) {
            return;
        }
        skipAllWaiting("skipped: its dependencies did not succeed", effects);
        done = true;
        effects.add(new Effect.Done());
    }

    private void cancelRunning(Cancellation.Reason reason, List<Effect> effects) {
        for (String id : plan.actions()) {
            if (state.get(id) == State.RUNNING) {
                effects.add(new Effect.Cancel(id, reason));
            }
        }
    }

    private void skipDownstream(String failed, List<Effect> effects) {
        Deque<String> todo = new ArrayDeque<>(plan.downstream(failed));
        while (!todo.isEmpty()) {
            String id = todo.pop();
            State s = state.get(id);
            if (s == State.WAITING || s == State.READY) {
                skip(id, "skipped: '" + failed + "' did not succeed", effects);
                todo.addAll(plan.downstream(id));
            }
        }
    }

    private void skipAllWaiting(String why, List<Effect> effects) {
        for (String id : plan.actions()) {
            State s = state.get(id);
            if (s == State.WAITING || s == State.READY || s == State.ENTERING) {
                skip(id, why, effects);
            }
        }
    }

    private void skip(String id, String why, List<Effect> effects) {
        ready.remove(id);
        state.put(id, State.ENDED);
        effects.add(new Effect.Skip(id, why));
    }
}
