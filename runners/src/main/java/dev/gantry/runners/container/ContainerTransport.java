package dev.gantry.runners.container;

import dev.gantry.engine.run.Cancellation;
import dev.gantry.engine.run.StepsJob;
import dev.gantry.runners.docker.DockerCli;
import dev.gantry.runners.shell.BashDriver;
import dev.gantry.runners.shell.ShellStart;
import dev.gantry.runners.shell.StepShell;
import dev.gantry.runners.transport.ShellQuoting;
import dev.gantry.runners.transport.ProcessShell;
import dev.gantry.runners.transport.Transport;
import dev.gantry.runners.transport.TransportException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The shell runs in a container of its own per action, with the {@code docker} command-line client:
 * {@code docker run -i --init --platform linux/<arch> --network host} of the image its {@link ImageSource} gives
 * (a runner's configured image, or the one the action declares), with
 * <ul>
 *   <li>the action's workspace, its input folders and the private scratch folder bind-mounted at the same paths
 *       (so {@code CATALYST_SOURCE_DIR_*}, {@code CATALYST_DEFAULT_DIR} and the working directory stay valid, and
 *       what the steps leave is in the local workspace when they end);</li>
 *   <li>this machine's Docker socket at {@code /var/run/docker.sock}, so steps can build and run images;</li>
 *   <li>the step program (environment included) on the client's stdin, never on the command line or in
 *       {@code docker inspect} (see {@link ShellStart} for which variables keep the image's values);</li>
 *   <li>{@code bash} in the image, which runs the {@code BashDriver} as on any transport, or, in an image without
 *       bash, {@code /bin/sh} and the {@code PosixDriver}.</li>
 * </ul>
 * The container has a name of its own ({@code gantry-<action>-<random>}); processes are ended with
 * {@code docker exec}, and the container is removed ({@code docker rm -f}) at the end, unless the job says to keep it
 * ({@code gantry run --keep}: the stopped container stays, labelled {@value #RUN_LABEL}{@code =<run-id>}). When Gantry
 * does not run as
 * root, the files the steps left are given back to Gantry's user ({@code chown}) before the container ends.
 */
public final class ContainerTransport implements Transport {
    /** Where the engine's socket appears in the container. */
    public static final String SOCKET_IN_CONTAINER = "/var/run/docker.sock";
    /** How long a docker command on another machine may take (a pull has its own, longer limit). */
    private static final Duration REMOTE_LIMIT = Duration.ofMinutes(2);
    /** The label naming the run a container belongs to. */
    public static final String RUN_LABEL = "dev.gantry.run";

    private final String runnerName;
    private final Supplier<String> architecture;
    private final ImageSource images;
    private final DockerCli docker;
    private final Transport host;

    /**
     * @param runnerName   the runner's name (a label on its containers)
     * @param architecture the containers' architecture ({@code amd64}, {@code arm64})
     * @param images       the image each action runs in (with bash, or a POSIX sh)
     * @param docker       the client that starts the containers (its environment's engine runs them)
     */
    public ContainerTransport(String runnerName, String architecture, ImageSource images, DockerCli docker) {
        this(runnerName, () -> architecture, images, docker, null);
    }

    private ContainerTransport(String runnerName, Supplier<String> architecture, ImageSource images,
                               DockerCli docker, Transport host) {
        this.runnerName = runnerName;
        this.architecture = architecture;
        this.images = images;
        this.docker = docker;
        this.host = host;
    }

    /**
     * Containers on another machine's engine: {@code host} (an ssh host) gets the action's place first (the
     * workspace sent there), and the {@code docker} client there, reached through that place's
     * {@link Session#run}, pulls the image and starts the container with the folders at their paths there; what
     * the steps leave comes back when {@code host}'s place closes.
     *
     * @param architecture the host's architecture, read when an action starts (an ssh host's, once probed)
     */
    public static ContainerTransport on(Transport host, String runnerName, Supplier<String> architecture,
                                        ImageSource images) {
        return new ContainerTransport(runnerName, architecture, images, null, host);
    }

    @Override
    public String kind() {
        return "container";
    }

    /** The platform of the containers: {@code linux/<architecture>}. */
    public String platform() {
        return "linux/" + architecture.get();
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
    public Session open(StepsJob job, Cancellation cancellation) throws TransportException {
        Session outer = host == null ? null : host.open(job, cancellation);
        try {
            return open(job, cancellation, outer);
        } catch (TransportException | RuntimeException e) {
            if (outer != null) {
                try {
                    outer.close(false);
                } catch (IOException ignored) {
                    // the place is gone already
                }
            }
            throw e;
        }
    }

    private Session open(StepsJob job, Cancellation cancellation, Session outer) throws TransportException {
        DockerCli client = outer == null ? docker : DockerCli.elsewhere(outer::run, REMOTE_LIMIT);
        ImageSource.Prepared prepared = images.prepare(job, platform(), cancellation, client);
        String image = prepared.reference();
        StepShell shell = prepared.shell();
        String container = containerName(job.actionId(), BashDriver.newNonce());
        Function<Path, String> where = outer == null ? p -> p.toAbsolutePath().toString() : outer::pathOf;
        String socket;
        String owner; // who gets the files the steps leave, or null when the containers' root is the owner
        if (outer == null) {
            socket = socketOnHost();
            Path scratch = job.scratchDirectory().toAbsolutePath();
            owner = isRoot(scratch) ? null : uid(scratch);
        } else {
            List<String> facts;
            try {
                facts = new String(outer.run("id -u; id -g; test -S " + SOCKET_IN_CONTAINER + " && echo socket",
                        REMOTE_LIMIT), java.nio.charset.StandardCharsets.UTF_8).lines().map(String::strip).toList();
            } catch (IOException e) {
                throw new TransportException("could not read the host of " + outer.describe() + ": " + e.getMessage());
            }
            socket = facts.contains("socket") ? SOCKET_IN_CONTAINER : null;
            owner = facts.size() >= 2 && !"0".equals(facts.get(0)) ? facts.get(0) + ":" + facts.get(1) : null;
        }
        String runOn = outer == null ? "" : " on " + outer.describe();
        return new Session() {
            @Override
            public String pathOf(Path local) {
                return where.apply(local);
            }

            @Override
            public Map<String, String> environment(StepsJob j) {
                Map<String, String> env = ShellStart.environmentFor(j, p -> where.apply(Path.of(p)));
                if (socket != null && ("unix://" + socket).equals(env.get("DOCKER_HOST"))) {
                    env.remove("DOCKER_HOST"); // the socket is mounted where the client looks by default
                }
                return env;
            }

            @Override
            public ShellProcess start(List<String> command) throws IOException {
                String executable = client.executable();
                if (executable == null) {
                    throw new IOException("the docker command is not installed (not on PATH)");
                }
                List<String> argv = new ArrayList<>();
                argv.add(executable);
                argv.addAll(runArguments(job, container, socket, where));
                if (owner == null) {
                    argv.addAll(List.of("--entrypoint", command.get(0), image));
                    argv.addAll(command.subList(1, command.size()));
                } else {
                    argv.addAll(List.of("--entrypoint", shell.executable(), image));
                    argv.addAll(shell == StepShell.BASH ? List.of("--noprofile", "--norc") : List.of());
                    String folders = String.join(" ", ShellStart.folders(job).stream()
                            .map(p -> ShellQuoting.quote(where.apply(p))).toList());
                    argv.addAll(List.of("-c", "\"$@\"; rc=$?; chown -R " + owner + " " + folders
                            + " 2>/dev/null; exit $rc", "gantry"));
                    argv.addAll(command);
                }
                if (outer != null) {
                    return outer.start(argv);
                }
                ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
                pb.environment().clear();
                pb.environment().putAll(docker.environment(null));
                return new ProcessShell(pb.start());
            }

            @Override
            public byte[] run(String script, Duration limit) throws IOException {
                List<String> exec = new ArrayList<>(List.of("exec", container, shell.executable()));
                exec.addAll(shell == StepShell.BASH ? List.of("--noprofile", "--norc") : List.of());
                exec.addAll(List.of("-c", script));
                if (outer == null) {
                    return client.run(null, exec).output().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                }
                // There, once the container has ended (its processes with it), the script runs on the host itself,
                // which has its folders at the same paths: the outputs file is read there.
                List<String> inspect = List.of("docker", "inspect", "--format", "{{.State.Running}}", container);
                List<String> argv = new ArrayList<>(List.of("docker"));
                argv.addAll(exec);
                return outer.run("if [ \"$(" + ShellQuoting.commandLine(inspect) + " 2>/dev/null)\" = true ]; then "
                        + ShellQuoting.commandLine(argv) + "; else bash -c " + ShellQuoting.quote(script) + "; fi",
                        limit);
            }

            @Override
            public byte[] read(String path) throws IOException {
                return outer == null ? ProcessShell.readHere(path) : outer.read(path);
            }

            @Override
            public String startFailure(int exit) {
                if (exit < 125 || exit > 127) {
                    return null;
                }
                return "could not start the container of image " + image + runOn + " (docker run exited with "
                        + exit + (exit == 125 ? ": see the docker error above"
                        : ": the image must contain " + shell.executable()) + ")";
            }

            @Override
            public StepShell shell() {
                return shell;
            }

            @Override
            public boolean worksInPlace() {
                return outer == null;
            }

            @Override
            public String describe() {
                return "container " + container + runOn;
            }

            @Override
            public String kept() {
                return job.keep() ? "container " + container + runOn + " is kept (--keep); remove the run's "
                        + "containers with " + removeCommand(job.runId()) : null;
            }

            @Override
            public void close(boolean copyBack) throws IOException {
                try {
                    if (!job.keep()) {
                        client.run(null, List.of("rm", "--force", "--volumes", container));
                    }
                } finally {
                    if (outer != null) {
                        outer.close(copyBack);
                    }
                }
            }
        };
    }

    /** The arguments of {@code docker run} for {@code job} on this machine, up to the entry point. */
    List<String> runArguments(StepsJob job, String container, String socket) {
        return runArguments(job, container, socket, p -> p.toAbsolutePath().toString());
    }

    /**
     * The arguments of {@code docker run} for {@code job}, up to the entry point (no secret among them), each folder
     * mounted at {@code where} it is on the engine's machine.
     */
    List<String> runArguments(StepsJob job, String container, String socket, Function<Path, String> where) {
        List<String> a = new ArrayList<>(List.of("run", "-i", "--name", container, "--init", "--platform",
                platform(), "--network", "host", "--label", "dev.gantry.runner=" + runnerName, "--label",
                "dev.gantry.action=" + job.actionId(), "--workdir", job.workingDirectory().toString()));
        if (job.runId() != null) {
            a.addAll(List.of("--label", RUN_LABEL + "=" + job.runId()));
        }
        for (Path p : ShellStart.folders(job)) {
            a.add("--mount");
            a.add(bind(where.apply(p), where.apply(p)));
        }
        if (socket != null && (host != null || Files.exists(Path.of(socket)))) {
            a.add("--mount");
            a.add(bind(socket, SOCKET_IN_CONTAINER));
        }
        return a;
    }

    /**
     * The command that removes the containers {@code gantry run --keep} left for run {@code runId} (all kept
     * containers when {@code runId} is {@code null}).
     */
    public static String removeCommand(String runId) {
        return "docker rm -f $(docker ps -aq --filter label=" + RUN_LABEL + (runId == null ? "" : "=" + runId) + ")";
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

    private static boolean isRoot(Path p) {
        try {
            return ((Integer) Files.getAttribute(p, "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | ClassCastException e) {
            return true;
        }
    }

    private static String uid(Path p) {
        try {
            return Files.getAttribute(p, "unix:uid") + ":" + Files.getAttribute(p, "unix:gid");
        } catch (IOException | UnsupportedOperationException e) {
            return "0:0";
        }
    }
}
