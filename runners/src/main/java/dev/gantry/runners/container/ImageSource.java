package dev.gantry.runners.container;

import dev.gantry.engine.run.Cancellation;
import dev.gantry.engine.run.StepsJob;
import dev.gantry.runners.docker.DockerCli;
import dev.gantry.runners.shell.StepShell;
import dev.gantry.runners.transport.TransportException;

/**
 * Which image an action's container runs, made ready on the engine (pulled, logged in, probed) before the
 * {@link ContainerTransport} starts it: a runner's one configured image, or the image the action declares
 * ({@code dev.gantry.runners.image.ActionImages}).
 */
public interface ImageSource {
    /**
     * The image for {@code job} on {@code platform} ({@code linux/amd64}), present on the engine; called on the
     * action's thread. Failures (pull refused, no shell) as {@link TransportException} with the registry's reason.
     */
    Prepared prepare(StepsJob job, String platform, Cancellation cancellation) throws TransportException;

    /**
     * The image for {@code job}, made ready on the engine {@code engine} talks to (another machine's: an ssh
     * host's) instead of this source's own; by default the same as {@link #prepare(StepsJob, String, Cancellation)}.
     */
    default Prepared prepare(StepsJob job, String platform, Cancellation cancellation, DockerCli engine)
            throws TransportException {
        return prepare(job, platform, cancellation);
    }

    /**
     * An image ready to start.
     *
     * @param reference what {@code docker run} is given (a name, or {@code name@sha256:...})
     * @param shell     the shell the steps run in there
     */
    record Prepared(String reference, StepShell shell) {
    }

    /** Always {@code image}, with bash, pulled by {@code docker run} itself (a {@code container} runner). */
    static ImageSource fixed(String image) {
        return (job, platform, cancellation) -> new Prepared(image, StepShell.BASH);
    }
}
