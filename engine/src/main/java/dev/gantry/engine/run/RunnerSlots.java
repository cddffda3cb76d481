package dev.gantry.engine.run;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * How many actions each runner is running, across every run that shares this object: a long-running process (a
 * server) gives all its runs one instance, so a runner's {@link Runner#capacity()} is never exceeded across runs.
 * Thread-safe. A run that frees a slot calls {@link #signalReleased()} once it holds no lock of its own, which tells
 * the other runs ({@link #onRelease}) to look for work that now fits.
 */
public final class RunnerSlots {
    private final Map<Runner, Integer> busy = new HashMap<>();
    private final List<Runnable> releaseListeners = new CopyOnWriteArrayList<>();

    /** Takes one slot of {@code runner} if it has one free; returns whether it did. */
    public synchronized boolean tryAcquire(Runner runner) {
        int n = busy.getOrDefault(runner, 0);
        if (n >= runner.capacity()) {
            return false;
        }
        busy.put(runner, n + 1);
        return true;
    }

    /** Whether {@code runner} has a free slot now (a hint: another run may take it first). */
    public synchronized boolean hasRoom(Runner runner) {
        return busy.getOrDefault(runner, 0) < runner.capacity();
    }

    /** Gives back a slot taken with {@link #tryAcquire}. */
    public synchronized void release(Runner runner) {
        busy.merge(runner, -1, Integer::sum);
    }

    /** Tells every listener that slots came free; call it holding no lock (listeners take their run's lock). */
    public void signalReleased() {
        for (Runnable r : releaseListeners) {
            r.run();
        }
    }

    /** How many slots of {@code runner} are taken. */
    public synchronized int inUse(Runner runner) {
        return busy.getOrDefault(runner, 0);
    }

    /** Calls {@code listener} after every release (from the releasing thread); remove it when the run ends. */
    public void onRelease(Runnable listener) {
        releaseListeners.add(listener);
    }

    public void removeListener(Runnable listener) {
        releaseListeners.remove(listener);
    }
}
