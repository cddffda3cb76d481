package dev.gantry.runners.local;

import dev.gantry.engine.run.RunnerLabels;
import dev.gantry.runners.transport.ShellRunner;

import java.time.Duration;

/** Runners that run steps with bash on this machine: the {@link ShellRunner} over a {@link LocalTransport}. */
public final class LocalRunner {
    private LocalRunner() {
    }

    /**
     * @param name      shown in plans and summaries
     * @param labels    what it offers
     * @param capacity  actions at once
     * @param killGrace how long processes get between SIGTERM and SIGKILL
     * @param cgroups   whether each action's shell moves into a cgroup of its own where cgroup v2 is writable
     *                  (also ends processes that cleared their environment, at ~5-25 ms per action: moving a process
     *                  between cgroups waits for an RCU grace period); otherwise the environment cookie alone
     */
    public static ShellRunner create(String name, RunnerLabels labels, int capacity, Duration killGrace,
                                     boolean cgroups) {
        return new ShellRunner(name, () -> labels, capacity, new LocalTransport(), killGrace, cgroups);
    }

    /** {@link #create(String, RunnerLabels, int, Duration, boolean)} with the cookie alone. */
    public static ShellRunner create(String name, RunnerLabels labels, int capacity, Duration killGrace) {
        return create(name, labels, capacity, killGrace, false);
    }

    /** The default local runner: named {@code local}, this machine's architecture, a 2 s kill grace. */
    public static ShellRunner forThisMachine(int capacity) {
        return create("local", RunnerLabels.of(LocalTransport.hostArchitecture()), capacity, Duration.ofSeconds(2));
    }
}
