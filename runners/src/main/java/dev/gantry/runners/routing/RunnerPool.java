package dev.gantry.runners.routing;

import dev.gantry.engine.config.Architecture;
import dev.gantry.engine.config.ConfigOrigin;
import dev.gantry.engine.config.GantryConfig;
import dev.gantry.engine.config.RunnerConfig;
import dev.gantry.engine.config.RunnerKind;
import dev.gantry.engine.model.Fleets;
import dev.gantry.engine.run.Runner;
import dev.gantry.engine.run.RunnerLabels;
import dev.gantry.runners.container.ContainerRunner;
import dev.gantry.runners.container.ContainerTransport;
import dev.gantry.runners.docker.DockerCli;
import dev.gantry.runners.docker.DockerEngine;
import dev.gantry.runners.image.ActionImages;
import dev.gantry.runners.image.ImageRunner;
import dev.gantry.runners.image.ImageSettings;
import dev.gantry.runners.image.SdkEcrLogin;
import dev.gantry.runners.local.LocalRunner;
import dev.gantry.runners.routing.RunnerHealth.Check;
import dev.gantry.runners.ssh.SshRunner;
import dev.gantry.runners.ssh.SshTransport;
import dev.gantry.runners.transport.ShellRunner;
import dev.gantry.runners.ssh.SshTarget;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runners of one Gantry command: the configured ones ({@code runners:} of {@code gantry.yaml}), or, when none
 * is configured, the defaults: {@code local}, a local runner of this machine's architecture, and
 * {@code arm64 (emulated)} (or {@code amd64 (emulated)} on an arm64 machine), a local runner whose steps' Docker
 * builds and runs target the other architecture, usable only when this machine can emulate it (a qemu emulator
 * registered in {@code binfmt_misc} and a Docker engine that answers).
 *
 * <p>Health checks are lazy and done once (see {@link PooledRunner#health()}). Close the pool when done: it ends
 * the connections of remote runners.
 */
public final class RunnerPool implements AutoCloseable {
    /** How long a local runner's processes get between SIGTERM and SIGKILL. */
    static final Duration KILL_GRACE = Duration.ofSeconds(2);
    /** How long one docker client command (probe, stop, remove) may take. */
    static final Duration DOCKER_TIMEOUT = Duration.ofSeconds(30);
    /** How long connecting and logging in to an ssh runner's host may take. */
    static final Duration SSH_TIMEOUT = Duration.ofSeconds(15);

    private final List<PooledRunner> runners = new ArrayList<>();
    private final boolean configured;
    private final HostFacts host;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final Map<String, DockerEngine> engines = new HashMap<>();

    private final ImageSettings images;

    private RunnerPool(boolean configured, HostFacts host, ImageSettings images) {
        this.configured = configured;
        this.host = host;
        this.images = images;
    }

    /**
     * The runners {@code config} describes, or the defaults.
     *
     * @param config          the Gantry configuration
     * @param host            this machine
     * @param defaultCapacity a runner's capacity when its configuration gives none (the run's concurrency)
     */
    public static RunnerPool of(GantryConfig config, HostFacts host, int defaultCapacity) {
        return of(config, host, defaultCapacity, ImageSettings.of(config.images()));
    }

    /**
     * The runners {@code config} describes, or the defaults; local runners run actions that declare an image (or
     * get the service's, see {@code images}) in it, on their Docker engine.
     */
    public static RunnerPool of(GantryConfig config, HostFacts host, int defaultCapacity, ImageSettings images) {
        RunnerPool pool = new RunnerPool(!config.runners().isEmpty(), host, images);
        if (config.runners().isEmpty()) {
            pool.runners.add(pool.local("local", host.architecture(), List.of(), List.of(), defaultCapacity, null,
                    null));
            Architecture other = host.otherArchitecture();
            pool.runners.add(pool.local(other.label() + " (emulated)", other, List.of(), List.of(), defaultCapacity,
                    null, null));
            return pool;
        }
        for (RunnerConfig rc : config.runners()) {
            int capacity = rc.capacity() != null ? rc.capacity() : defaultCapacity;
            if (rc.kind() == RunnerKind.KUBERNETES) {
                pool.problems.addAll(KubernetesPoolEntries.problems(rc));
                pool.runners.addAll(KubernetesPoolEntries.of(rc, capacity, host, KILL_GRACE, images));
                continue;
            }
            Architecture known = rc.architecture() != null ? rc.architecture()
                    : rc.kind() == RunnerKind.SSH ? null : host.architecture();
            pool.problems.addAll(fleetProblems(rc, known));
            pool.runners.add(switch (rc.kind()) {
                case LOCAL -> pool.local(rc.name(), rc.architecture() != null ? rc.architecture()
                        : host.architecture(), rc.fleets(), rc.tags(), capacity, rc.dockerHost(), rc.origin());
                case CONTAINER -> pool.container(rc, capacity);
                case SSH -> pool.ssh(rc, capacity);
                case KUBERNETES -> throw new IllegalStateException("handled above");
            });
        }
        return pool;
    }

    /** The runners, in configuration order (the defaults: this machine's architecture first). */
    public List<PooledRunner> runners() {
        return List.copyOf(runners);
    }

    /** Whether the runners come from configuration (else they are the defaults). */
    public boolean configured() {
        return configured;
    }

    /** How images are chosen for this run. */
    public ImageSettings images() {
        return images;
    }

    /** This machine. */
    public HostFacts host() {
        return host;
    }

    /** Mistakes in the runner configuration found without connecting anywhere; a run must not start with any. */
    public List<ConfigProblem> problems() {
        return List.copyOf(problems);
    }

    /** The pooled runner of {@code runner}. */
    public Optional<PooledRunner> find(Runner runner) {
        return runners.stream().filter(p -> p.runner() == runner).findFirst();
    }

    /** The hook that gives steps their runner's {@code DOCKER_DEFAULT_PLATFORM} and {@code DOCKER_HOST}. */
    public RunnerEnvironment stepEnvironment() {
        return new RunnerEnvironment(this);
    }

    @Override
    public void close() {
        for (PooledRunner p : runners) {
            try {
                p.runner().close();
            } catch (RuntimeException ignored) {
                // best effort
            }
        }
    }

    // ---- kinds ----

    /**
     * Whether local and ssh runners put each action in a cgroup of its own ({@code GANTRY_ACTION_CGROUPS=1}): off by
     * default, as moving a process into a cgroup costs 5-25 ms per action here; the environment cookie finds every
     * process that kept its environment either way.
     */
    private boolean actionCgroups() {
        return "1".equals(host.environment().get("GANTRY_ACTION_CGROUPS"));
    }

    private PooledRunner local(String name, Architecture arch, List<String> fleets, List<String> tags, int capacity,
                               String dockerHost, ConfigOrigin origin) {
        RunnerLabels labels = new RunnerLabels(arch.label(), new LinkedHashSet<>(fleets), new LinkedHashSet<>(tags));
        DockerCli engineClient = new DockerCli(new DockerCli(host.environment(), DOCKER_TIMEOUT)
                .environment(dockerHost), DOCKER_TIMEOUT);
        Runner runner = new ImageRunner(LocalRunner.create(name, labels, capacity, KILL_GRACE, actionCgroups()),
                new ActionImages(images, engineClient, new SdkEcrLogin()), engineClient, KILL_GRACE);
        boolean foreign = arch != host.architecture();
        String engineHost = dockerHost != null ? dockerHost : host.environment().get("DOCKER_HOST");
        boolean emulated = foreign && DockerEngine.isLocal(engineHost);
        return new PooledRunner(runner, RunnerKind.LOCAL, emulated, dockerHost, origin, withInfo -> {
            List<Check> checks = new ArrayList<>();
            checks.add(Check.passed("host", "this machine (" + host.architecture().label() + ")"));
            if (!foreign) {
                if (dockerHost != null) {
                    checks.add(engineCheck(engine(dockerHost), true));
                } else if (withInfo) {
                    DockerEngine engine = engine(null);
                    checks.add(Check.info("docker", engine.reachable(), engine.reachable() ? describe(engine)
                            : engine.problem() + " (only steps that use docker need one)"));
                }
                return new RunnerHealth(checks);
            }
            DockerEngine engine = engine(dockerHost);
            checks.add(engineCheck(engine, true));
            checks.add(emulationCheck(arch, engine, engineHost));
            return new RunnerHealth(checks);
        });
    }

    private PooledRunner container(RunnerConfig rc, int capacity) {
        Architecture arch = rc.architecture() != null ? rc.architecture() : host.architecture();
        RunnerLabels labels = new RunnerLabels(arch.label(), new LinkedHashSet<>(rc.fleets()),
                new LinkedHashSet<>(rc.tags()));
        DockerCli cli = new DockerCli(host.environment(), DOCKER_TIMEOUT);
        ShellRunner runner = ContainerRunner.create(rc.name(), labels, capacity, rc.image(), cli, KILL_GRACE);
        ContainerTransport transport = (ContainerTransport) runner.transport();
        String engineHost = host.environment().get("DOCKER_HOST");
        boolean emulated = arch != host.architecture() && DockerEngine.isLocal(engineHost);
        return new PooledRunner(runner, RunnerKind.CONTAINER, emulated, rc.dockerHost(), rc.origin(), withInfo -> {
            List<Check> checks = new ArrayList<>();
            DockerEngine engine = engine(null);
            checks.add(engineCheck(engine, true));
            if (!engine.reachable()) {
                return new RunnerHealth(checks);
            }
            if (engine.architecture().filter(a -> a == arch).isEmpty()) {
                checks.add(emulationCheck(arch, engine, engineHost));
            }
            if (withInfo) {
                DockerCli.Result image = cli.run(null, List.of("image", "inspect", "--format",
                        "{{.Os}}/{{.Architecture}}", rc.image()));
                checks.add(Check.info("image", image.ok(), image.ok() ? rc.image() + " present ("
                        + image.output().strip() + ")" : rc.image() + " is not on the engine yet: the first action "
                        + "pulls it (docker pull --platform " + transport.platform() + " " + rc.image() + ")"));
            }
            if (rc.dockerHost() != null) {
                checks.add(engineCheck(engine(rc.dockerHost()), true));
            }
            return new RunnerHealth(checks);
        });
    }

    private PooledRunner ssh(RunnerConfig rc, int capacity) {
        Map<String, String> env = host.environment();
        Path home = Path.of(env.getOrDefault("HOME", System.getProperty("user.home")));
        String user = rc.user() != null ? rc.user() : env.getOrDefault("USER", System.getProperty("user.name"));
        List<Path> identities = new ArrayList<>();
        if (rc.identityFile() != null) {
            identities.add(rc.identityFile());
        } else {
            for (String f : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
                if (Files.isReadable(home.resolve(".ssh").resolve(f))) {
                    identities.add(home.resolve(".ssh").resolve(f));
                }
            }
        }
        SshTarget target = new SshTarget(rc.host(), rc.port() != null ? rc.port() : 22, user, identities,
                home.resolve(".ssh").resolve("known_hosts"));
        SshTransport transport = new SshTransport(rc.name(), rc.architecture(), new LinkedHashSet<>(rc.fleets()),
                new LinkedHashSet<>(rc.tags()), target, SSH_TIMEOUT);
        ShellRunner ssh = SshRunner.create(rc.name(), transport, capacity, KILL_GRACE, actionCgroups());
        // the client here does nothing: images are pulled by the host's own docker, over the action's connection
        Runner runner = ImageRunner.overSsh(ssh, transport, new ActionImages(images, new DockerCli(Map.of("PATH", ""),
                DOCKER_TIMEOUT), new SdkEcrLogin()), KILL_GRACE);
        return new PooledRunner(runner, RunnerKind.SSH, false, rc.dockerHost(), rc.origin(), withInfo -> {
            List<Check> checks = new ArrayList<>();
            SshTransport.Probe probe = transport.probe();
            if (!probe.connected()) {
                checks.add(Check.failed("ssh", probe.problem()));
                return new RunnerHealth(checks);
            }
            checks.add(Check.passed("ssh", "logged in as " + target.describe()));
            checks.add(architectureCheck(rc, probe));
            if (!probe.missing().isEmpty()) {
                checks.add(Check.failed("tools", "missing on the host: " + String.join(", ", probe.missing())));
            }
            if (withInfo) {
                DockerEngine engine = transport.dockerEngine();
                checks.add(Check.info("docker", engine.reachable(), engine.reachable() ? describe(engine)
                        + " on the host (actions with an image run there)" : engine.problem()
                        + " (only actions with an image need one)"));
            }
            if (rc.dockerHost() != null) {
                checks.add(engineCheck(engine(rc.dockerHost()), true));
            }
            return new RunnerHealth(checks);
        });
    }

    /** Whether the host's {@code uname -m} agrees with the configured architecture and listed fleets. */
    private static Check architectureCheck(RunnerConfig rc, SshTransport.Probe probe) {
        if (probe.architecture() == null) {
            return Check.failed("architecture", "the host says uname -m = " + probe.uname() + ", which is neither "
                    + "amd64 (x86_64) nor arm64 (aarch64)");
        }
        Architecture found = probe.architecture();
        if (rc.architecture() != null && rc.architecture() != found) {
            return Check.failed("architecture", "the host is " + found.label() + " (uname -m: " + probe.uname()
                    + "), but runner '" + rc.name() + "' is configured as " + rc.architecture().label()
                    + (rc.origin() == null ? "" : " at " + rc.origin().format()) + ": fix its architecture");
        }
        for (String fleet : rc.fleets()) {
            Optional<String> fa = Fleets.architecture(fleet);
            if (fa.isPresent() && !fa.get().equals(found.label())) {
                return Check.failed("architecture", "the host is " + found.label() + " (uname -m: " + probe.uname()
                        + "), but runner '" + rc.name() + "' lists fleet " + fleet + ", an " + fa.get() + " fleet");
            }
        }
        return Check.passed("architecture", found.label() + " (uname -m: " + probe.uname() + ")"
                + (rc.architecture() != null ? ", as configured" : ""));
    }

    // ---- checks ----

    /** The engine at {@code dockerHost} ({@code null}: the default), asked once per pool. */
    DockerEngine engine(String dockerHost) {
        String key = dockerHost == null ? "" : dockerHost;
        synchronized (engines) {
            DockerEngine known = engines.get(key);
            if (known != null) {
                return known;
            }
        }
        DockerEngine e = host.docker().probe(dockerHost);
        synchronized (engines) {
            engines.put(key, e);
        }
        return e;
    }

    static Check engineCheck(DockerEngine engine, boolean required) {
        if (engine.reachable()) {
            return Check.passed("docker", describe(engine));
        }
        return required ? Check.failed("docker", engine.problem()) : Check.info("docker", false, engine.problem());
    }

    private static String describe(DockerEngine engine) {
        return (engine.dockerHost() == null ? "engine " : "engine at " + engine.dockerHost() + " ") + engine.version()
                + engine.architecture().map(a -> " (" + a.label() + ")").orElse("");
    }

    /** Whether Docker builds for {@code arch} can run on {@code engine}. */
    Check emulationCheck(Architecture arch, DockerEngine engine, String engineHost) {
        if (engine.architecture().filter(a -> a == arch).isPresent()) {
            return Check.passed("emulation", "none needed: " + engine.describe() + " is " + arch.label());
        }
        if (!DockerEngine.isLocal(engineHost)) {
            return Check.info("emulation", true, engine.describe() + " is "
                    + engine.architecture().map(Architecture::label).orElse("of another architecture")
                    + "; whether it emulates " + arch.label() + " is not checked");
        }
        BinfmtEmulation.Result r = host.binfmt().check(arch);
        return r.ok() ? Check.passed("emulation", r.entry().get() + " registered in binfmt_misc")
                : Check.failed("emulation", r.problem());
    }

    /**
     * A runner of architecture {@code arch} (its configured one, else this machine's; {@code null} for an ssh
     * runner whose host will tell) that lists an on-demand fleet of the other architecture.
     */
    private static List<ConfigProblem> fleetProblems(RunnerConfig rc, Architecture arch) {
        List<ConfigProblem> found = new ArrayList<>();
        if (arch == null) {
            return found;
        }
        for (String fleet : rc.fleets()) {
            Optional<String> fa = Fleets.architecture(fleet);
            if (fa.isPresent() && !fa.get().equals(arch.label())) {
                found.add(new ConfigProblem(rc.origin(), "runner-fleet-architecture", "runner '" + rc.name()
                        + "' is " + arch.label() + (rc.architecture() == null ? " (this machine's architecture)" : "")
                        + " but lists fleet " + fleet + ", an " + fa.get() + " fleet: remove it from fleets, or "
                        + (rc.architecture() == null ? "set" : "change") + " the runner's architecture"));
            }
        }
        return found;
    }

    /**
     * A mistake in the runner configuration.
     *
     * @param origin  where the runner was configured
     * @param rule    a stable rule id
     * @param message what is wrong and how to fix it
     */
    public record ConfigProblem(ConfigOrigin origin, String rule, String message) {
        /** {@code gantry.yaml:12:5: error: message [rule]}. */
        public String format() {
            return origin.format() + ": error: " + message + " [" + rule + "]";
        }
    }
}
