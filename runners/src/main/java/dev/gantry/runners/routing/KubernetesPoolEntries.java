package dev.gantry.runners.routing;

import dev.gantry.engine.config.Architecture;
import dev.gantry.engine.config.KubernetesConfig;
import dev.gantry.engine.config.RunnerConfig;
import dev.gantry.engine.config.RunnerKind;
import dev.gantry.engine.model.Fleets;
import dev.gantry.engine.run.RunnerLabels;
import dev.gantry.runners.image.ImageSettings;
import dev.gantry.runners.kubernetes.ClusterConnection;
import dev.gantry.runners.kubernetes.KubernetesCluster;
import dev.gantry.runners.kubernetes.KubernetesCluster.ClusterFailure;
import dev.gantry.runners.kubernetes.KubernetesTransport;
import dev.gantry.runners.routing.RunnerHealth.Check;
import dev.gantry.runners.transport.ShellRunner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * The pool entries of one {@code kubernetes} runner: one {@link ShellRunner} over a {@link KubernetesTransport} per
 * architecture it has an image for (named {@code eks (amd64)} and {@code eks (arm64)} when it has both, else just
 * {@code eks}), sharing one cluster connection and one limit of pods at once (its capacity). Each serves the
 * on-demand Linux fleets of its architecture (or the ones the runner lists) and the provisioned fleets
 * {@code kubernetes.provisionedFleets} maps to it. Its health: the API answers, the account may create pods, exec
 * into them and create secrets in the namespace (SelfSubjectAccessReview), and how many ready nodes the
 * architecture has (for information: an autoscaler may add them).
 */
final class KubernetesPoolEntries {
    /** What Gantry does in the namespace: each must be allowed. */
    static final List<List<String>> NEEDED = List.of(List.of("create", "pods", ""), List.of("get", "pods", ""),
            List.of("list", "pods", ""), List.of("delete", "pods", ""), List.of("create", "pods", "exec"),
            List.of("create", "secrets", ""), List.of("patch", "secrets", ""), List.of("delete", "secrets", ""));

    private KubernetesPoolEntries() {
    }

    /** The runners of {@code rc}. */
    static List<PooledRunner> of(RunnerConfig rc, int capacity, HostFacts host, Duration killGrace,
                                 ImageSettings images) {
        KubernetesConfig k = rc.kubernetes();
        ClusterConnection connection = new ClusterConnection(k);
        Semaphore pods = new Semaphore(capacity);
        var owner = KubernetesTransport.ownerFrom(host.environment());
        List<PooledRunner> entries = new ArrayList<>();
        boolean several = k.images().size() > 1;
        ClusterChecks shared = new ClusterChecks(connection);
        for (Architecture arch : Architecture.values()) {
            if (!k.images().containsKey(arch)) {
                continue;
            }
            String name = several ? rc.name() + " (" + arch.label() + ")" : rc.name();
            RunnerLabels labels = new RunnerLabels(arch.label(), fleets(rc, arch), new LinkedHashSet<>(rc.tags()));
            KubernetesTransport transport = new KubernetesTransport(rc.name(), arch, k, connection, pods, killGrace,
                    owner, images);
            ShellRunner runner = new ShellRunner(name, () -> labels, capacity, transport, killGrace, false);
            entries.add(new PooledRunner(runner, RunnerKind.KUBERNETES, false, rc.dockerHost(), rc.origin(),
                    withInfo -> health(shared, arch, k, withInfo)));
        }
        return entries;
    }

    /**
     * The fleets the {@code arch} runner of {@code rc} lists: none (every on-demand Linux fleet of its architecture)
     * unless the runner lists fleets or maps provisioned ones, then those of {@code arch}, and, when the runner lists
     * none, the on-demand Linux fleets of {@code arch} beside the provisioned ones.
     */
    static Set<String> fleets(RunnerConfig rc, Architecture arch) {
        Set<String> provisioned = new LinkedHashSet<>();
        rc.kubernetes().provisionedFleets().forEach((fleet, pf) -> {
            if (pf.architecture() == arch) {
                provisioned.add(fleet);
            }
        });
        Set<String> listed = new LinkedHashSet<>();
        for (String f : rc.fleets()) {
            if (Fleets.architecture(f).map(a -> a.equals(arch.label())).orElse(provisioned.contains(f))) {
                listed.add(f);
            }
        }
        if (provisioned.isEmpty() && rc.fleets().isEmpty()) {
            return Set.of();
        }
        Set<String> result = new LinkedHashSet<>(listed);
        if (rc.fleets().isEmpty()) {
            Fleets.ON_DEMAND.stream().filter(f -> f.startsWith("Linux.") && Fleets.architecture(f)
                    .map(a -> a.equals(arch.label())).orElse(false)).forEach(result::add);
        }
        result.addAll(provisioned);
        return result;
    }

    /** Fleets {@code rc} lists that none of its architectures can serve. */
    static List<RunnerPool.ConfigProblem> problems(RunnerConfig rc) {
        List<RunnerPool.ConfigProblem> found = new ArrayList<>();
        Map<Architecture, String> images = rc.kubernetes().images();
        for (String fleet : rc.fleets()) {
            Optional<Architecture> arch = Fleets.architecture(fleet).flatMap(Architecture::parse);
            if (arch.isPresent() && !images.containsKey(arch.get())) {
                found.add(new RunnerPool.ConfigProblem(rc.origin(), "runner-fleet-architecture", "runner '"
                        + rc.name() + "' lists fleet " + fleet + ", an " + arch.get().label() + " fleet, but has no "
                        + arch.get().label() + " image: add one under kubernetes.images, or remove the fleet"));
            } else if (arch.isEmpty() && !rc.kubernetes().provisionedFleets().containsKey(fleet)) {
                found.add(new RunnerPool.ConfigProblem(rc.origin(), "runner-fleet-architecture", "runner '"
                        + rc.name() + "' lists fleet " + fleet + ", which is not an on-demand fleet: map it under "
                        + "kubernetes.provisionedFleets with its architecture and node selector"));
            }
        }
        return found;
    }

    /**
     * The checks of the cluster, done once for all of a runner's architectures: the API, the access reviews and
     * the nodes.
     */
    static final class ClusterChecks {
        private final ClusterConnection connection;
        private List<Check> checks;
        private Map<String, Integer> nodes;
        private String nodesProblem;
        private KubernetesCluster cluster;

        ClusterChecks(ClusterConnection connection) {
            this.connection = connection;
        }

        synchronized List<Check> checks() {
            if (checks == null) {
                checks = check();
            }
            return checks;
        }

        private List<Check> check() {
            List<Check> found = new ArrayList<>();
            try {
                KubernetesCluster c = connection.cluster();
                found.add(Check.passed("kubernetes", "API " + c.server() + " (" + c.version() + "), namespace "
                        + c.namespace()));
                cluster = c;
            } catch (ClusterFailure e) {
                found.add(Check.failed("kubernetes", e.getMessage()));
                return found;
            }
            found.add(access(cluster));
            try {
                nodes = cluster.readyNodesByArchitecture();
            } catch (ClusterFailure e) {
                nodesProblem = e.getMessage();
            }
            return found;
        }
    }

    static RunnerHealth health(ClusterChecks shared, Architecture arch, KubernetesConfig k, boolean withInfo) {
        List<Check> checks = new ArrayList<>(shared.checks());
        if (shared.cluster == null) {
            return new RunnerHealth(checks);
        }
        if (shared.nodes != null) {
            int ready = KubernetesCluster.ready(shared.nodes, arch);
            checks.add(Check.info("nodes", ready > 0, ready > 0 ? ready + " ready " + arch.label() + " node(s)"
                    + " (all: " + shared.nodes + ")" : "no ready " + arch.label() + " node now " + shared.nodes
                    + ": pods wait up to kubernetes.scheduleTimeout (" + k.scheduleTimeout().toSeconds() + " s) for "
                    + "one, e.g. from a cluster autoscaler, then fail"));
        } else {
            checks.add(Check.info("nodes", false, "cannot count the nodes: " + shared.nodesProblem));
        }
        if (withInfo) {
            checks.add(Check.info("image", true, k.images().get(arch) + " (an action's own Configuration.Container "
                    + "image wins)"));
        }
        return new RunnerHealth(checks);
    }

    private static Check access(KubernetesCluster cluster) {
        try {
            List<String> denied = new ArrayList<>();
            for (List<String> n : NEEDED) {
                KubernetesCluster.Access a = cluster.access(n.get(0), n.get(1), n.get(2).isEmpty() ? null : n.get(2));
                if (!a.allowed()) {
                    denied.add(a.what());
                }
            }
            return denied.isEmpty() ? Check.passed("access", "may create, exec into and delete pods and create "
                    + "secrets in " + cluster.namespace()) : Check.failed("access", "not allowed in namespace "
                    + cluster.namespace() + ": " + String.join(", ", denied) + " (bind the account to the Role in "
                    + "docs/runners.md)");
        } catch (ClusterFailure e) {
            return Check.failed("access", e.getMessage());
        }
    }
}
