package dev.gantry.dsl.groovy;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one evaluation on a thread of its own, with a deep stack (the Groovy compiler recurses over long
 * expressions), within a CPU-time limit (fair on a loaded machine), a wall-clock ceiling that always holds, and an
 * allocation budget. The caller gets the result only when the
 * evaluation finished; past a limit it gets the thread's stack at that moment (to name the script's line) and the
 * thread is stopped, so that nothing the evaluation touches is ever shared with the caller.
 *
 * @param <T> what the evaluation returns
 */
final class BoundedEvaluation<T> {
    /** Stack of the evaluation thread: enough for long chains in a 256 KB script, a bounded StackOverflowError past. */
    static final long STACK_BYTES = 64L << 20;
    private static final long POLL_MILLIS = 20;

    /** How an evaluation ended. */
    sealed interface Outcome<T> {
        /** It finished; {@code value} is its result. */
        record Finished<T>(T value) implements Outcome<T> {
        }

        /** It was stopped past a limit; {@code stack} is where it was, {@code limit} which limit. */
        record Stopped<T>(StackTraceElement[] stack, Limit limit) implements Outcome<T> {
        }
    }

    /** The limits an evaluation can reach. */
    enum Limit { TIME, MEMORY }

    private final GroovyLimits limits;

    BoundedEvaluation(GroovyLimits limits) {
        this.limits = limits;
    }

    /** Runs {@code evaluation}; it must not throw (an exception it throws anyway is rethrown here, unchecked). */
    Outcome<T> run(Callable<T> evaluation) throws InterruptedException {
        FutureTask<T> task = new FutureTask<>(evaluation);
        Thread worker = new Thread(null, task, "gantry-groovy-workflow", STACK_BYTES);
        worker.setDaemon(true);
        worker.start();
        long wallDeadline = System.nanoTime() + limits.wallClock().toNanos();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpu = threads.isThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled();
        Optional<com.sun.management.ThreadMXBean> allocation = allocationCounter();
        long allocatedBefore = allocation.map(a -> a.getThreadAllocatedBytes(worker.getId())).orElse(0L);
        try {
            while (true) {
                try {
                    return new Outcome.Finished<>(task.get(POLL_MILLIS, TimeUnit.MILLISECONDS));
                } catch (TimeoutException e) {
                    Limit reached = null;
                    long now = System.nanoTime();
                    long used = cpu ? threads.getThreadCpuTime(worker.getId()) : now - (wallDeadline
                            - limits.wallClock().toNanos());
                    if (used > limits.time().toNanos() || now > wallDeadline) {
                        reached = Limit.TIME;
                    } else if (allocation.isPresent() && allocation.get().getThreadAllocatedBytes(worker.getId())
                            - allocatedBefore > limits.allocation()) {
                        reached = Limit.MEMORY;
                    }
                    if (reached != null && !task.isDone()) {
                        StackTraceElement[] stack = worker.getStackTrace();
                        stop(worker);
                        return new Outcome.Stopped<>(stack, reached);
                    }
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            stop(worker);
            throw e;
        }
    }

    /**
     * Stops the evaluation thread: an interrupt (the script's loops and closures check it, see
     * {@code ThreadInterrupt}), then, for code that does not check it (a library call building a huge list),
     * {@link Thread#stop()} where the JVM still has it (Java 17-19). The caller never reads what the thread built.
     */
    @SuppressWarnings({"deprecation", "removal"})
    private static void stop(Thread worker) {
        worker.interrupt();
        try {
            worker.join(200);
            if (worker.isAlive()) {
                worker.stop();
                worker.join(1000);
            }
        } catch (UnsupportedOperationException e) {
            // Java 20 and later: the interrupt is all there is; the thread is a daemon and shares nothing.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Optional<com.sun.management.ThreadMXBean> allocationCounter() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (threads instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported()
                && sun.isThreadAllocatedMemoryEnabled()) {
            return Optional.of(sun);
        }
        return Optional.empty();
    }
}
