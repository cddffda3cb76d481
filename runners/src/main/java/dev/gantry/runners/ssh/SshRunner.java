package dev.gantry.runners.ssh;

import dev.gantry.runners.transport.ShellRunner;

import java.time.Duration;

/** Runners that run each action on another host over SSH: the {@link ShellRunner} over an {@link SshTransport}. */
public final class SshRunner {
    private SshRunner() {
    }

    /**
     * @param transport the host, as the runner's labels come from it (its architecture once probed)
     * @param name      shown in plans and summaries
     * @param capacity  actions at once
     * @param killGrace how long processes get between SIGTERM and SIGKILL
     * @param cgroups   whether each action's shell moves into a cgroup of its own where the host permits it
     */
    public static ShellRunner create(String name, SshTransport transport, int capacity, Duration killGrace,
                                     boolean cgroups) {
        return new ShellRunner(name, transport::labels, capacity, transport, killGrace, cgroups);
    }
}
