package dev.gantry.runners.container;

import dev.gantry.engine.run.RunnerLabels;
import dev.gantry.runners.docker.DockerCli;
import dev.gantry.runners.transport.ShellRunner;

import java.time.Duration;

/** Runners that run each action in a container: the {@link ShellRunner} over a {@link ContainerTransport}. */
public final class ContainerRunner {
    private ContainerRunner() {
    }

    /**
     * @param name      shown in plans and summaries
     * @param labels    what it offers (the architecture is the containers' platform)
     * @param capacity  actions at once
     * @param image     the image each action runs in (it must contain bash)
     * @param docker    the client that starts the containers (its environment's engine runs them)
     * @param killGrace how long processes get between SIGTERM and SIGKILL
     */
    public static ShellRunner create(String name, RunnerLabels labels, int capacity, String image, DockerCli docker,
                                     Duration killGrace) {
        // no cgroup: the container's removal ends whatever the steps left running
        return new ShellRunner(name, () -> labels, capacity,
                new ContainerTransport(name, labels.architecture(), ImageSource.fixed(image), docker), killGrace,
                false);
    }
}
