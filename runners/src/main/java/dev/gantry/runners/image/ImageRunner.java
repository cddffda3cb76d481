package dev.gantry.runners.image;

import dev.gantry.engine.run.Cancellation;
import dev.gantry.engine.run.JobEvents;
import dev.gantry.engine.run.Runner;
import dev.gantry.engine.run.RunnerLabels;
import dev.gantry.engine.run.StepsJob;
import dev.gantry.engine.run.StepsResult;
import dev.gantry.runners.container.ContainerTransport;
import dev.gantry.runners.docker.DockerCli;
import dev.gantry.runners.transport.ShellRunner;

import java.time.Duration;

/**
 * A runner whose actions run in the image they declare: an action with an {@link ImageRequest} (its
 * {@code Configuration.Container}, or the service's choice) runs through the one {@link ShellRunner} skeleton over a
 * {@link ContainerTransport} on the runner's Docker engine, with {@code --platform linux/<the runner's
 * architecture>}; every other action runs on the runner it wraps. Name, labels and capacity are the wrapped runner's,
 * so routing by fleet is unchanged.
 */
public final class ImageRunner implements Runner {
    private final Runner host;
    private final ActionImages images;
    private final ShellRunner inImages;

    /**
     * @param host      the runner for actions without an image
     * @param images    how images are chosen and made ready
     * @param docker    the client of the runner's engine
     * @param killGrace how long processes get between SIGTERM and SIGKILL
     */
    public ImageRunner(Runner host, ActionImages images, DockerCli docker, Duration killGrace) {
        this.host = host;
        this.images = images;
        this.inImages = new ShellRunner(host.name(), host::labels, host.capacity(),
                new ContainerTransport(host.name(), host.labels().architecture(), images, docker), killGrace, true);
    }

    /** The runner actions without an image run on. */
    public Runner host() {
        return host;
    }

    /** How images are chosen. */
    public ActionImages images() {
        return images;
    }

    @Override
    public String name() {
        return host.name();
    }

    @Override
    public String kind() {
        return host.kind();
    }

    @Override
    public RunnerLabels labels() {
        return host.labels();
    }

    @Override
    public int capacity() {
        return host.capacity();
    }

    @Override
    public StepsResult runSteps(StepsJob job, JobEvents events, Cancellation cancellation)
            throws InterruptedException {
        return images.requestFor(job.action(), labels().architecture()).isPresent()
                ? inImages.runSteps(job, events, cancellation) : host.runSteps(job, events, cancellation);
    }

    @Override
    public void close() {
        inImages.close();
        host.close();
    }
}
