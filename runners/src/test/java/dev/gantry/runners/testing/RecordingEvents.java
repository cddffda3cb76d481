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

    @Override
    public void stepFinished(int s, int status) {
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
