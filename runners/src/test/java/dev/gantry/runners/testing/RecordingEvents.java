package dev.gantry.runners.testing;

import dev.gantry.engine.run.JobEvents;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Records what a runner reports, as strings: {@code S1}, {@code E1=0}, {@code L1:text}. */
public final class RecordingEvents implements JobEvents {
    public final List<String> all = Collections.synchronizedList(new ArrayList<>());
    private volatile int step;

    @Override
    public void stepStarted(int s) {
        step = s;
        all.add("S" + s);
    }

    /** Each finished step's duration as the runner reported it, by step. */
    public final java.util.Map<Integer, java.time.Duration> durations = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void stepFinished(int s, int status, java.time.Duration duration) {
        durations.put(s, duration);
        all.add("E" + s + "=" + status);
    }

    @Override
    public void log(String line) {
        all.add("L" + step + ":" + line);
    }

    public List<String> lines() {
        return all.stream().filter(s -> s.startsWith("L")).map(s -> s.substring(s.indexOf(':') + 1)).toList();
    }
}
