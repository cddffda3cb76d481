package dev.gantry.runners.routing;

import dev.gantry.engine.config.Architecture;
import dev.gantry.engine.config.ConfigOrigin;
import dev.gantry.engine.config.RunnerKind;
import dev.gantry.engine.model.Fleets;
import dev.gantry.engine.run.Runner;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One runner of a {@link RunnerPool}, with what routing and {@code gantry runners} need besides the runner itself:
 * its kind, whether it emulates its architecture, the Docker engine its steps use, where it was configured, and
 * its health, checked once (lazily: only a runner an action may need is checked at plan time).
 */
public final class PooledRunner {
    private final Runner runner;
    private final RunnerKind kind;
    private final boolean emulated;
    private final String dockerHost;
    private final ConfigOrigin origin;
    private final Function<Boolean, RunnerHealth> check;
    private RunnerHealth health;
    private RunnerHealth report;

    /**
     * @param runner     the runner
     * @param kind       its kind
     * @param emulated   whether its architecture is emulated on this machine (qemu through binfmt_misc)
     * @param dockerHost the Docker engine its steps use ({@code DOCKER_HOST}), or {@code null} for the default
     * @param origin     where it was configured, or {@code null} for a default runner
     * @param check      the health check (given {@code true}, also the checks for information only)
     */
    public PooledRunner(Runner runner, RunnerKind kind, boolean emulated, String dockerHost, ConfigOrigin origin,
                        Function<Boolean, RunnerHealth> check) {
        this.runner = runner;
        this.kind = kind;
        this.emulated = emulated;
        this.dockerHost = dockerHost;
        this.origin = origin;
        this.check = check;
    }

    public Runner runner() {
        return runner;
    }

    public String name() {
        return runner.name();
    }

    public RunnerKind kind() {
        return kind;
    }

    public boolean emulated() {
        return emulated;
    }

    /** The Docker engine its steps use, or {@code null} for the default one. */
    public String dockerHost() {
        return dockerHost;
    }

    /** Where it was configured; empty for a default runner. */
    public Optional<ConfigOrigin> origin() {
        return Optional.ofNullable(origin);
    }

    /** Its architecture, when known (an ssh runner without a configured one learns it when first checked). */
    public Optional<Architecture> architecture() {
        return Architecture.parse(runner.labels().architecture());
    }

    /** The fleets it lists; empty: the on-demand Linux fleets of its architecture. */
    public List<String> fleets() {
        return List.copyOf(runner.labels().fleets());
    }

    /** Whether it lists {@code fleet} by name. */
    public boolean lists(String fleet) {
        return runner.labels().fleets().contains(fleet);
    }

    /**
     * Whether it serves {@code fleet}: it lists it, or it lists none and the fleet is an on-demand Linux fleet of
     * its architecture. Windows fleets and provisioned fleets are served only by runners that list them.
     */
    public boolean serves(String fleet) {
        if (lists(fleet)) {
            return true;
        }
        if (!runner.labels().fleets().isEmpty() || !fleet.startsWith("Linux.")) {
            return false;
        }
        Optional<String> arch = Fleets.architecture(fleet);
        return arch.isPresent() && arch.get().equals(runner.labels().architecture());
    }

    /** Its health (the checks that decide whether it is usable), checked on the first call. */
    public synchronized RunnerHealth health() {
        if (health == null) {
            health = report != null ? report : check.apply(false);
        }
        return health;
    }

    /** Its health with the checks for information too (e.g. whether a native runner has a Docker engine). */
    public synchronized RunnerHealth report() {
        if (report == null) {
            report = check.apply(true);
            health = health == null ? report : health;
        }
        return report;
    }

    /** Whether its health has been checked already. */
    public synchronized boolean checked() {
        return health != null;
    }

    /** {@code local, arm64, emulated}: kind, architecture and emulation, for people. */
    public String describe() {
        return kind.label() + ", " + architecture().map(Architecture::label).orElse("architecture unknown")
                + (emulated ? ", emulated" : "");
    }
}
