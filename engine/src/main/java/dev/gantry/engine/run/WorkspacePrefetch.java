package dev.gantry.engine.run;

import dev.gantry.engine.files.FolderTrees;
import dev.gantry.engine.model.Action;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes actions' workspaces (copies of the source) ahead of time, and paces action starts on few CPUs.
 *
 * <p><b>Ahead-of-time copies</b>: {@link #prepareAhead} starts copies for the actions most likely to start next, at
 * most {@code limit} made and not yet taken; an action that starts {@link #take}s its copy, or makes its own at once
 * if its copy has not begun (never waiting behind other copies).
 *
 * <p><b>Start lanes</b>: making a workspace and starting the step shell is CPU work; when many actions start at
 * once on few CPUs they slow each other down alike, the critical one included. So at most {@link #START_LANES}
 * actions start at a time, the longest remaining chain first ({@link #enterStartLane}); a lane is let go at the first
 * step ({@link #startingDone}) or after {@link #LANE_HOLD_NANOS} whatever happens. Copies made ahead wait while as
 * many actions are starting as there are lanes: with a CPU to spare (a chain) the copy for the next action overlaps
 * with this one's start.
 */
final class WorkspacePrefetch {
    /** Start lanes: the CPUs, at least 2. */
    static final int START_LANES = Math.max(2, Runtime.getRuntime().availableProcessors());
    private static final long LANE_HOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** Threads that make workspaces (copying is mostly waiting for the disk). */
    private static final int PREPARERS = 4;

    private final RunPlan plan;
    private final WorkspaceProvider workspaces;
    private final java.util.function.Function<String, Path> actionDirectory;
    private final int limit;
    private final ThreadPoolExecutor preparers;
    private final AtomicLong rankSeq = new AtomicLong();
    private final Map<String, Ahead> prepared = new ConcurrentHashMap<>();
    private final List<CompletableFuture<Void>> discarded = new ArrayList<>();

    private final Object startGate = new Object();
    private int starting;
    private final TreeSet<String> waitingForLane;
    private final Map<String, Long> inLane = new HashMap<>();

    /**
     * @param plan            the run's plan (priorities order the copies and the lanes)
     * @param workspaces      makes and removes workspaces
     * @param actionDirectory an action's folder
     * @param limit           at most this many copies made and not yet taken
     * @param threads         makes the preparers' threads
     */
    WorkspacePrefetch(RunPlan plan, WorkspaceProvider workspaces, java.util.function.Function<String, Path>
            actionDirectory, int limit, ThreadFactory threads) {
        this.plan = plan;
        this.workspaces = workspaces;
        this.actionDirectory = actionDirectory;
        this.limit = limit;
        this.preparers = new ThreadPoolExecutor(PREPARERS, PREPARERS, 1, TimeUnit.MINUTES,
                new PriorityBlockingQueue<>(), threads);
        Map<String, Integer> position = new HashMap<>();
        plan.actions().forEach(id -> position.put(id, position.size()));
        this.waitingForLane = new TreeSet<>(Comparator.comparingInt((String id) -> -plan.priority().get(id))
                .thenComparingInt(position::get));
    }

    /** Starts copies for {@code next} (most likely first), up to the limit. */
    void prepareAhead(List<String> next) {
        for (String id : next) {
            if (prepared.size() >= limit) {
                return;
            }
            prepared.computeIfAbsent(id, this::prepare);
        }
    }

    private Ahead prepare(String id) {
        Action action = plan.graph().action(id);
        Path dir = actionDirectory.apply(id);
        Ahead ahead = new Ahead(new AtomicBoolean(), new CompletableFuture<>());
        preparers.execute(new Ranked(plan.priority().get(id), rankSeq.incrementAndGet(), () -> {
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
     * {@code id}'s workspace: the copy made ahead, else a new one. {@code note} hears about a failed copy (made again).
     */
    Workspace take(String id, Action action, java.util.function.Consumer<String> note) throws IOException {
        Ahead ahead = prepared.remove(id);
        if (ahead != null && !ahead.claim()) {
            try {
                return ahead.workspace().join();
            } catch (RuntimeException e) {
                note.accept("making the workspace ahead of time failed (" + e.getMessage() + "); trying again");
                FolderTrees.deleteQuietly(actionDirectory.apply(id));
            }
        }
        return workspaces.create(action, actionDirectory.apply(id));
    }

    /** Removes a workspace an action is done with. */
    void release(Workspace workspace) throws IOException {
        workspaces.release(workspace);
    }

    /** {@code id} will not run: its copy, if one is being made, is removed when done. */
    void discard(String id) {
        Ahead ahead = prepared.remove(id);
        if (ahead != null && !ahead.claim()) {
            CompletableFuture<Void> f = ahead.workspace().thenAccept(w -> {
                try {
                    workspaces.release(w);
                } catch (IOException ignored) {
                    // the run's end removes the work folder
                }
            });
            synchronized (discarded) {
                discarded.add(f);
            }
        }
    }

    /** An action took a slot and will start: copies made ahead wait while the lanes are full. */
    void startingBegan() {
        synchronized (startGate) {
            starting++;
        }
    }

    /** {@code id} reached its first step (or ended): its lane is free. */
    void startingDone(String id) {
        synchronized (startGate) {
            --starting;
            inLane.remove(id);
            startGate.notifyAll();
        }
    }

    /** Waits for a start lane for {@code id}; let go by {@link #startingDone}. */
    void enterStartLane(String id) {
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

    /** Removes every copy made and not taken, waits for discarded ones, and stops the preparers. */
    void close() {
        List<CompletableFuture<Workspace>> left = new ArrayList<>();
        for (Ahead ahead : prepared.values()) {
            if (!ahead.claim()) {
                left.add(ahead.workspace());
            }
        }
        prepared.clear();
        List<CompletableFuture<Void>> releasing;
        synchronized (discarded) {
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
                // never made, or cannot be removed now; the run's end removes the work folder
            }
        }
        preparers.shutdown();
    }

    /**
     * A workspace to be made ahead of time. Whoever claims it first makes it (a preparer) or owns the fact that
     * nobody will (an action that starts before its copy has begun makes its own; a skipped action needs none).
     */
    private record Ahead(AtomicBoolean claimed, CompletableFuture<Workspace> workspace) {
        boolean claim() {
            return claimed.compareAndSet(false, true);
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
}
