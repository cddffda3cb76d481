package dev.gantry.runners.image;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.run.Cancellation;
import dev.gantry.engine.run.JobEvents;
import dev.gantry.engine.run.Runner;
import dev.gantry.engine.run.RunnerLabels;
import dev.gantry.engine.run.StepsJob;
import dev.gantry.engine.run.StepsResult;
import dev.gantry.runners.container.ContainerTransport;
import dev.gantry.runners.docker.DockerCli;
import dev.gantry.runners.docker.DockerEngine;
import dev.gantry.runners.docker.DockerProbe;
import dev.gantry.runners.ssh.SshTransport;
import dev.gantry.runners.transport.ShellRunner;

import java.time.Duration;
import java.util.Optional;

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
    private final DockerProbe docker;
    private final java.util.concurrent.atomic.AtomicReference<DockerEngine> engine =
            new java.util.concurrent.atomic.AtomicReference<>();

    /**
     * @param host      the runner for actions without an image
     * @param images    how images are chosen and made ready
     * @param docker    the client of the runner's engine
     * @param killGrace how long processes get between SIGTERM and SIGKILL
     */
    public ImageRunner(Runner host, ActionImages images, DockerCli docker, Duration killGrace) {
        this(host, images, docker, new ContainerTransport(host.name(), host.labels().architecture(), images, docker),
                killGrace);
    }

    private ImageRunner(Runner host, ActionImages images, DockerProbe docker, ContainerTransport inImages,
                        Duration killGrace) {
        this.host = host;
        this.images = images;
        this.docker = docker;
        this.inImages = new ShellRunner(host.name(), host::labels, host.capacity(), inImages, killGrace, true);
    }

    /**
     * An ssh runner whose actions with an image run in it on the host's Docker engine: the workspace is sent as
     * for any action of {@code ssh}, and the host's {@code docker} client, over the same connection, pulls the image
     * and runs the container with the workspace mounted at its place there.
     *
     * @param ssh       the ssh runner (for actions without an image)
     * @param transport its transport
     * @param images    how images are chosen (pulled and probed on the host's engine)
     * @param killGrace how long processes get between SIGTERM and SIGKILL
     */
    public static ImageRunner overSsh(Runner ssh, SshTransport transport, ActionImages images, Duration killGrace) {
        return new ImageRunner(ssh, images, host -> transport.dockerEngine(), ContainerTransport.on(transport,
                ssh.name(), () -> ssh.labels().architecture(), images), killGrace);
    }

    /** The runner actions without an image run on. */
    public Runner host() {
        return host;
    }

    /** How images are chosen. */
    public ActionImages images() {
        return images;
    }

    /** Where {@code action} runs: the host, or its image (with the image's id when the engine has it already). */
    public Placement placement(Action action) {
        String platform = "linux/" + labels().architecture();
        Optional<ImageRequest> request = images.requestFor(action, labels().architecture());
        return new Placement(name(), request.orElse(null), platform, request.isEmpty() || !engine().reachable()
                ? null : images.presentId(request.get().reference(), platform).orElse(null));
    }

    /**
     * Why {@code action} cannot run here, found before the run starts: it declares an image (or gets the service's)
     * and no Docker engine answers this runner. Empty when it can.
     */
    public Optional<String> problem(String actionId, Action action) {
        Optional<ImageRequest> request = images.requestFor(action, labels().architecture());
        if (request.isEmpty() || engine().reachable()) {
            return Optional.empty();
        }
        ImageRequest r = request.get();
        return Optional.of("action " + actionId + " runs in image " + r.declared() + " (" + r.why() + "), but "
                + engine().problem() + ": start Docker, or run with --host to run it on this machine anyway");
    }

    /** The runner's Docker engine, asked once. */
    private DockerEngine engine() {
        DockerEngine e = engine.get();
        if (e == null) {
            e = docker.probe(null);
            engine.compareAndSet(null, e);
        }
        return e;
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
