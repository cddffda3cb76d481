package dev.gantry.runners.routing;

import dev.gantry.engine.config.Architecture;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Compute;
import dev.gantry.engine.model.Fleets;
import dev.gantry.engine.model.Workflow;
import dev.gantry.engine.run.Runner;
import dev.gantry.engine.run.RunnerRouting;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Routes each action to the runners of a {@link RunnerPool} that serve its fleet. The fleet is the action's
 * {@code Compute.Fleet}, else the workflow's, else {@code Linux.x86-64.Large}; {@code Lambda} compute routes like
 * {@code EC2} (the validator warns about steps that run {@code docker}, which the service forbids there).
 *
 * <p>A runner serves a fleet when it lists it in {@code fleets}, or lists none and the fleet is an on-demand Linux
 * fleet of its architecture ({@code Linux.x86-64.*}: amd64, {@code Linux.Arm64.*}: arm64). Provisioned and Windows
 * fleets are served only by runners that list them. Candidates come in this order: runners that list the fleet,
 * then native before emulated ones, then configuration order; a runner whose health check fails is no candidate.
 * With no candidate, {@link #whyNone} names the action, its fleet, why each serving runner cannot run here, and a
 * {@code gantry.yaml} snippet that adds a runner.
 */
public final class FleetRouting implements RunnerRouting {
    private final Workflow workflow;
    private final RunnerPool pool;

    /**
     * @param workflow the workflow (its {@code Compute} applies to every action that has none)
     * @param pool     the runners
     */
    public FleetRouting(Workflow workflow, RunnerPool pool) {
        this.workflow = workflow;
        this.pool = pool;
    }

    /** The fleet {@code action} runs on: its own, else the workflow's, else the default. */
    public String fleetOf(Action action) {
        return workflow.fleetOf(action);
    }

    @Override
    public List<Runner> candidates(Action action) {
        return serving(fleetOf(action)).stream().filter(p -> p.health().usable()).map(PooledRunner::runner)
                .toList();
    }

    /** The pool's runners that serve {@code fleet}, preferred first, usable or not. */
    public List<PooledRunner> serving(String fleet) {
        List<PooledRunner> found = new ArrayList<>();
        for (PooledRunner p : pool.runners()) {
            if (p.architecture().isEmpty() && p.fleets().isEmpty()) {
                p.health(); // a remote runner without a configured architecture learns it from its host
            }
            if (p.serves(fleet)) {
                found.add(p);
            }
        }
        found.sort(Comparator.comparing((PooledRunner p) -> !p.lists(fleet)).thenComparing(PooledRunner::emulated));
        return found;
    }

    @Override
    public String whyNone(Action action) {
        String fleet = fleetOf(action);
        Optional<String> arch = Fleets.architecture(fleet);
        StringBuilder m = new StringBuilder("action '").append(action.id()).append("' runs on fleet ")
                .append(fleet).append(arch.map(a -> " (" + a + ")").orElse(""));
        List<PooledRunner> serving = serving(fleet);
        if (!serving.isEmpty()) {
            m.append(", and no runner that serves it can run here: ").append(serving.stream()
                    .map(p -> "runner '" + p.name() + "' (" + p.describe() + "): " + p.health().problem())
                    .collect(Collectors.joining("; ")));
            m.append(". Fix that, or ").append(snippet(fleet, arch));
            return m.toString();
        }
        if (arch.isPresent() && fleet.startsWith("Windows.")) {
            m.append(", a Windows fleet; Gantry runs steps with bash, so only a runner that lists ").append(fleet)
                    .append(" in its fleets runs it, and none does: ").append(snippet(fleet, Optional.empty()));
            return m.toString();
        }
        if (arch.isEmpty()) {
            m.append(", which is not an on-demand fleet, so it must be a provisioned fleet served by a configured "
                    + "runner that lists it in its fleets, and none does");
        } else {
            m.append(", and no ").append(pool.configured() ? "configured " : "").append("runner serves ")
                    .append(arch.get()).append(" fleets");
        }
        if (pool.configured()) {
            m.append(" (runners: ").append(pool.runners().stream().map(p -> p.name() + " (" + p.describe()
                    + (p.fleets().isEmpty() ? "" : ", fleets " + String.join(" ", p.fleets())) + ")")
                    .collect(Collectors.joining(", "))).append(")");
        }
        m.append("; ").append(snippet(fleet, arch));
        return m.toString();
    }

    /** How to add a runner for {@code fleet}, as a one-line {@code gantry.yaml} snippet. */
    private String snippet(String fleet, Optional<String> arch) {
        StringBuilder s = new StringBuilder("add one to gantry.yaml, e.g. runners: [");
        if (!pool.configured()) {
            s.append("{name: local, kind: local}, ");
        }
        if (arch.isPresent() && fleet.startsWith("Linux.")) {
            boolean other = !arch.get().equals(pool.host().architecture().label());
            String name = arch.get().equals(Architecture.ARM64.label()) ? "graviton" : "x86-host";
            s.append("{name: ").append(name).append(", kind: ssh, host: HOST, user: USER, architecture: ")
                    .append(arch.get()).append("}");
            s.append("]").append(other ? " (or let this machine emulate " + arch.get() + ": apt-get install "
                    + "qemu-user-static binfmt-support, and a running Docker engine)" : "");
        } else {
            s.append("{name: ").append(yamlWord(fleet)).append(", kind: local, fleets: [").append(yamlWord(fleet))
                    .append("]}]");
        }
        s.append("; see docs/runners.md");
        return s.toString();
    }

    private static String yamlWord(String s) {
        return s.matches("[A-Za-z0-9._-]+") ? s : "'" + s.replace("'", "''") + "'";
    }
}
