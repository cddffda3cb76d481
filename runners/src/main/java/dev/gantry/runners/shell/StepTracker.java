package dev.gantry.runners.shell;

import dev.gantry.engine.run.JobEvents;
import dev.gantry.engine.run.StepsResult;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Reads the output stream of a {@link BashDriver} shell: splits it into lines, passes output lines on as log lines
 * (a line longer than {@link #MAX_LINE_BYTES} in parts, through {@link JobEvents#logPart}, so that a secret across
 * a cut is still masked) and markers as step events with the driver's own step durations, and works out how the
 * steps ended. Not thread-safe: feed it from one thread.
 */
public final class StepTracker {
    /** Longest line passed on whole; longer runs without a line break are cut into pieces of this size. */
    public static final int MAX_LINE_BYTES = 1 << 20;

    private final String marker;
    private final JobEvents events;
    private final int steps;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private boolean pendingCr;
    private int started;
    private int ended;
    private int endedStatus;
    private boolean done;
    private boolean cut;
    private volatile boolean detached;
    private long startedAt = -1;
    private long startedRead = System.nanoTime();
    private long exitedAt = -1;
    private volatile String cgroup;

    /**
     * @param nonce  the nonce given to {@link BashDriver#files}
     * @param steps  how many steps the driver runs
     * @param events where to report
     */
    public StepTracker(String nonce, int steps, JobEvents events) {
        this.marker = BashDriver.MARK + nonce + " ";
        this.steps = steps;
        this.events = events;
    }

    /**
     * Stops passing output on: what arrives later (from a process the action deliberately left running that still
     * holds the output stream) is dropped. Call from any thread; then {@link #finish()} from the reading one.
     */
    public void detach() {
        detached = true;
    }

    /** Feeds output bytes. */
    public synchronized void accept(byte[] buf, int off, int len) {
        if (detached) {
            return;
        }
        for (int i = off; i < off + len; i++) {
            byte b = buf[i];
            if (b == '\n') {
                flushLine(false);
            } else {
                line.write(b);
                if (line.size() >= MAX_LINE_BYTES) {
                    flushLine(true);
                }
            }
        }
    }

    /**
     * Feeds everything {@code in} gives until its end, or until reading fails (the process tree was ended), then
     * calls {@link #finish()}; closes {@code in}.
     */
    public void readAll(java.io.InputStream in) {
        try (in) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                accept(buf, 0, n);
            }
        } catch (java.io.IOException e) {
            // the pipe broke because the process ended; its exit status says the rest
        }
        finish();
    }

    /** Call at end of output: passes on a last line without a line break. */
    public synchronized void finish() {
        if (line.size() > 0) {
            flushLine(false);
        }
    }

    private void flushLine(boolean continues) {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.endsWith("\r") && !continues) {
            text = text.substring(0, text.length() - 1);
        }
        int at = text.indexOf(marker);
        if (at < 0) {
            emit(text, continues);
            return;
        }
        if (at > 0) {
            emit(text.substring(0, at), false);
        }
        cut = false;
        String[] f = text.substring(at + marker.length()).trim().split(" ", -1);
        try {
            switch (f[0]) {
                case "S" -> {
                    started = Integer.parseInt(f[1]);
                    startedAt = f.length > 2 ? micros(f[2]) : -1;
                    startedRead = System.nanoTime();
                    events.stepStarted(started);
                }
                case "E" -> {
                    ended = Integer.parseInt(f[1]);
                    endedStatus = Integer.parseInt(f[2]);
                    events.stepFinished(ended, endedStatus, took(f.length > 3 ? micros(f[3]) : -1));
                }
                case "X" -> exitedAt = f.length > 2 ? micros(f[2]) : -1;
                case "G" -> cgroup = text.substring(at + marker.length() + 2);
                case "D" -> done = true;
                default -> events.log(text);
            }
        } catch (RuntimeException e) {
            events.log(text);
        }
    }

    private void emit(String text, boolean continues) {
        if (continues || cut) {
            events.logPart(text, continues);
        } else {
            events.log(text);
        }
        cut = continues;
    }

    /** The driver's clock ({@code $EPOCHREALTIME}: seconds.micros) in microseconds, or -1 when it has none. */
    private static long micros(String clock) {
        int dot = clock.indexOf('.');
        if (clock.isEmpty() || dot < 0) {
            return -1;
        }
        String frac = (clock.substring(dot + 1) + "000000").substring(0, 6);
        return Long.parseLong(clock.substring(0, dot)) * 1_000_000L + Long.parseLong(frac);
    }

    /**
     * The step's duration: the driver's clock at its end minus at its start when the driver has one (bash 5+),
     * else the time between reading the two markers.
     */
    private Duration took(long endMicros) {
        if (startedAt >= 0 && endMicros >= startedAt) {
            return Duration.ofNanos((endMicros - startedAt) * 1000);
        }
        return Duration.ofNanos(System.nanoTime() - startedRead);
    }

    /** The action's cgroup folder as the driver reported it (where it could make one), else {@code null}. */
    public String cgroup() {
        return cgroup;
    }

    /** The 1-based step running (or last run), 0 before the first. */
    public int currentStep() {
        return started;
    }

    /**
     * How the steps ended, once the shell has exited with {@code exitCode} and all output was fed.
     *
     * @param outputs the output variables read from the side file (used only when the steps succeeded)
     */
    public StepsResult outcome(int exitCode, Map<String, String> outputs) {
        if (done) {
            return exitCode == 0 ? StepsResult.succeeded(outputs)
                    : StepsResult.failed(exitCode, steps, "the shell exited with " + exitCode
                    + " after the last step (an EXIT trap?)");
        }
        if (started == 0) {
            return StepsResult.failed(exitCode, 0, "the shell exited with " + exitCode + " before the first step");
        }
        if (ended == started) {
            return StepsResult.failed(endedStatus, ended, "step " + ended + " failed with exit code " + endedStatus);
        }
        events.stepFinished(started, exitCode, took(exitedAt));
        if (exitCode != 0) {
            return StepsResult.failed(exitCode, started, "step " + started + " failed with exit code " + exitCode
                    + " (it ended the shell)");
        }
        if (started == steps) {
            return StepsResult.succeeded(outputs);
        }
        int left = steps - started;
        return StepsResult.failed(0, started, "step " + started + " ran `exit 0`, which ends the action's shell, so "
                + left + " remaining step" + (left == 1 ? "" : "s") + " could not run (all steps of an action share"
                + " one bash; use `return` to end a step early)");
    }
}
