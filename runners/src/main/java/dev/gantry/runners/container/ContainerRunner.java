package dev.gantry.runners.container;

import dev.gantry.engine.run.Cancellation;
import dev.gantry.engine.run.JobEvents;
import dev.gantry.engine.run.Runner;
import dev.gantry.engine.run.RunnerLabels;
import dev.gantry.engine.run.StepsJob;
import dev.gantry.engine.run.StepsResult;
import dev.gantry.runners.docker.DockerCli;
import dev.gantry.runners.shell.BashDriver;
import dev.gantry.runners.shell.OutputVariables;
import dev.gantry.runners.shell.ShellStart;
import dev.gantry.runners.shell.StepTracker;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * Runs each action's steps in a container of its own, with the {@code docker} command-line client:
 * {@code docker run --init --platform linux/<arch> --network host} of the configured image, with
 * <ul>
 *   <li>the action's workspace, its input folders and the private scratch folder bind-mounted at the same paths
 *       (so {@code CATALYST_SOURCE_DIR_*}, {@code CATALYST_DEFAULT_DIR} and the working directory stay valid, and
 *       what the steps leave is in the local workspace when they end);</li>
 *   <li>this machine's Docker socket at {@code /var/run/docker.sock}, so steps can build and run images;</li>
 *   <li>the step environment in a file in the scratch folder, read by {@link ShellStart}'s script, never on the
 *       command line (see {@link ShellStart} for which variables keep the image's values);</li>
 *   <li>{@code bash} as the entry point, which the image must have: the {@link BashDriver} runs the steps as on any
 *       runner.</li>
 * </ul>
 * The container has a name of its own ({@code gantry-<action>-<random>}); it is removed ({@code docker rm -f})
 * when the steps end, and on cancel (timeout, fail-fast, Ctrl-C) it is stopped first ({@code docker stop}: SIGTERM,
 * SIGKILL after the grace period). When Gantry does not run as root, the files the steps left are given back to
 * Gantry's user ({@code chown}) before the container ends.
 */
public final class ContainerRunner implements Runner {
    /** Where the engine's socket appears in the container. */
    public static final String SOCKET_IN_CONTAINER = "/var/run/docker.sock";

    private final String name;
    private final RunnerLabels labels;
    private final int capacity;
    private final String image;
    private final DockerCli docker;
    private final Duration killGrace;

    /**
     * @param name      shown in plans and summaries
     * @param labels    what it offers (the architecture is the containers' platform)
     * @param capacity  actions at once
     * @param image     the image each action runs in (it must contain bash)
     * @param docker    the client that starts the containers (its environment's engine runs them)
     * @param killGrace how long a cancelled container gets between SIGTERM and SIGKILL
     */
    public ContainerRunner(String name, RunnerLabels labels, int capacity, String image, DockerCli docker,
                           Duration killGrace) {
        this.name = name;
        this.labels = labels;
        this.capacity = capacity;
        this.image = image;
        this.docker = docker;
        this.killGrace = killGrace;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return "container";
    }

    @Override
    public RunnerLabels labels() {
        return labels;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    /** The image each action runs in. */
    public String image() {
        return image;
    }

    /** The platform of the containers: {@code linux/<architecture>}. */
    public String platform() {
        return "linux/" + labels.architecture();
    }

    /**
     * The engine's socket on this machine: the client's {@code DOCKER_HOST} when it is {@code unix://PATH}, else
     * {@code /var/run/docker.sock}; {@code null} when the client talks to a remote engine.
     */
    String socketOnHost() {
        String host = docker.environment(null).get("DOCKER_HOST");
        if (host == null || host.isBlank()) {
            return "/var/run/docker.sock";
        }
        return host.startsWith("unix://") ? host.substring("unix://".length()) : null;
    }

    @Override
    public StepsResult runSteps(StepsJob job, JobEvents events, Cancellation cancellation)
            throws InterruptedException {
        String nonce = BashDriver.newNonce();
        Path scratch = job.scratchDirectory().toAbsolutePath();
        String container = containerName(job.actionId(), nonce);
        String socket = socketOnHost();
        boolean root = isRoot(scratch);
        try {
            BashDriver.write(scratch, scratch.toString(), job.steps(), job.outputVariables(), nonce);
            Map<String, String> env = ShellStart.environmentFor(job, UnaryOperator.identity());
            if (socket != null && ("unix://" + socket).equals(env.get("DOCKER_HOST"))) {
                env.remove("DOCKER_HOST"); // the socket is mounted where the client looks by default
            }
            ShellStart.writeEnvironment(scratch, env);
            String after = root ? null : "chown -R " + uid(scratch) + " "
                    + String.join(" ", ShellStart.folders(job).stream().map(p -> BashDriver.quote(p.toString())).toList())
                    + " 2>/dev/null";
            Files.writeString(scratch.resolve(ShellStart.SCRIPT), ShellStart.script(scratch.toString(),
                    job.workingDirectory().toString(), null, after));
        } catch (IOException e) {
            return StepsResult.failed(-1, 0, "could not write the step scripts: " + e.getMessage());
        }
        if (cancellation.isCancelled()) {
            return StepsResult.cancelled("cancelled before the first step");
        }
        List<String> command = new ArrayList<>();
        String executable = docker.executable();
        if (executable == null) {
            return StepsResult.failed(-1, 0, "the docker command is not installed (not on PATH)");
        }
        command.add(executable);
        command.addAll(runArguments(job, container, socket));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(docker.environment(null));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            return StepsResult.failed(-1, 0, "could not start docker: " + e.getMessage());
        }
        AtomicBoolean stopping = new AtomicBoolean();
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        Runnable unregister = cancellation.onCancel(() -> {
            stopping.set(true);
            CompletableFuture.runAsync(() -> {
                stop(container);
                process.destroyForcibly(); // a client still pulling the image must not start the container later
            }).whenComplete((v, e) -> stopped.complete(null));
        });
        StepTracker tracker = new StepTracker(nonce, job.steps().size(), events);
        tracker.readAll(process.getInputStream());
        int exit = process.waitFor();
        unregister.run();
        if (stopping.get()) {
            stopped.join();
        }
        remove(container);
        if (cancellation.isCancelled()) {
            return StepsResult.cancelled("cancelled (" + cancellation.reason().name().toLowerCase(Locale.ROOT)
                    + ") during step " + tracker.currentStep() + "; container " + container + " removed");
        }
        if (tracker.currentStep() == 0 && exit >= 125 && exit <= 127) {
            return StepsResult.failed(exit, 0, "could not start the container of image " + image
                    + " (docker run exited with " + exit + (exit == 125 ? ": see the docker error above"
                    : ": the image must contain bash") + ")");
        }
        return tracker.outcome(exit, OutputVariables.read(scratch, events));
    }

    /** The arguments of {@code docker run} for {@code job} (no secret among them: the environment is a file). */
    List<String> runArguments(StepsJob job, String container, String socket) {
        List<String> a = new ArrayList<>(List.of("run", "--name", container, "--init", "--platform", platform(),
                "--network", "host", "--label", "dev.gantry.runner=" + name, "--label",
                "dev.gantry.action=" + job.actionId(), "--workdir", job.workingDirectory().toString()));
        for (Path p : ShellStart.folders(job)) {
            a.add("--mount");
            a.add(bind(p.toString(), p.toString()));
        }
        if (socket != null && Files.exists(Path.of(socket))) {
            a.add("--mount");
            a.add(bind(socket, SOCKET_IN_CONTAINER));
        }
        a.addAll(List.of("--entrypoint", "bash", image, "--noprofile", "--norc",
                job.scratchDirectory().toAbsolutePath().resolve(ShellStart.SCRIPT).toString()));
        return a;
    }

    /** A {@code --mount} value; fields with a comma or quote are CSV-quoted, as docker reads them. */
    private static String bind(String source, String target) {
        return "type=bind," + csv("source=" + source) + "," + csv("target=" + target);
    }

    private static String csv(String field) {
        return field.contains(",") || field.contains("\"") ? "\"" + field.replace("\"", "\"\"") + "\"" : field;
    }

    /** {@code gantry-<action>-<nonce>}, with what docker does not accept in a name replaced. */
    static String containerName(String actionId, String nonce) {
        String clean = actionId.replaceAll("[^a-zA-Z0-9_.-]", "-");
        return "gantry-" + clean + "-" + nonce.substring(0, Math.min(12, nonce.length()));
    }

    private void stop(String container) {
        long seconds = Math.max(1, (killGrace.toMillis() + 999) / 1000);
        docker.run(null, List.of("stop", "--time", Long.toString(seconds), container));
        remove(container);
    }

    private void remove(String container) {
        docker.run(null, List.of("rm", "--force", "--volumes", container));
    }

    private static boolean isRoot(Path p) {
        try {
            return ((Integer) Files.getAttribute(p, "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | ClassCastException e) {
            return true;
        }
    }

    private static String uid(Path p) throws IOException {
        return Files.getAttribute(p, "unix:uid") + ":" + Files.getAttribute(p, "unix:gid");
    }
}
