package dev.gantry.runners.kubernetes;

import dev.gantry.engine.config.Architecture;
import dev.gantry.engine.run.Cancellation;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.PodResource;

import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The only part of the Kubernetes runner that talks to the cluster (fabric8's client): makes an action's secret
 * and pod, waits for the pod to run, opens exec channels into it, deletes it, and answers the health checks. Every
 * failure is a {@link ClusterFailure} whose message is the cluster's reason in a sentence.
 */
public final class KubernetesCluster implements AutoCloseable {
    /** How often a starting or ending pod is looked at. */
    static final Duration POLL = Duration.ofMillis(500);

    private final KubernetesClient client;
    private final String namespace;

    /**
     * @param client    a client of the cluster (closed with this)
     * @param namespace where pods and secrets are made
     */
    public KubernetesCluster(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** The namespace pods are made in. */
    public String namespace() {
        return namespace;
    }

    /** The API server's address. */
    public String server() {
        return client.getMasterUrl().toString();
    }

    // ---- pods ----

    /**
     * Makes {@code pod}'s secret, then the pod, then makes the pod the secret's owner (so the cluster deletes the
     * secret with the pod). Returns the pod as created.
     */
    public Pod create(ActionPod pod) throws ClusterFailure {
        Secret secret;
        try {
            secret = client.secrets().inNamespace(namespace).resource(pod.secret()).create();
        } catch (KubernetesClientException e) {
            throw failure("cannot create the secret " + pod.name() + " in namespace " + namespace, e);
        }
        Pod created;
        try {
            created = client.pods().inNamespace(namespace).resource(pod.pod()).create();
        } catch (KubernetesClientException e) {
            deleteSecret(pod.name());
            throw failure("cannot create the pod " + pod.name() + " in namespace " + namespace, e);
        }
        try {
            client.secrets().inNamespace(namespace).withName(secret.getMetadata().getName())
                    .edit(s -> {
                        s.getMetadata().setOwnerReferences(List.of(ActionPod.ownedBy(created)));
                        return s;
                    });
        } catch (KubernetesClientException e) {
            // the secret is still deleted explicitly when the action ends
        }
        return created;
    }

    /** The pod's state now. */
    public PodState state(String pod) throws ClusterFailure {
        try {
            return PodState.of(client.pods().inNamespace(namespace).withName(pod).get());
        } catch (KubernetesClientException e) {
            throw failure("cannot read the pod " + pod, e);
        }
    }

    /**
     * Waits until {@code pod} runs its container, at most {@code limit}: returns {@link PodState.Running}, or the
     * {@link PodState.Ended} or {@link PodState.Starting} state that stopped the wait (a starting state when the
     * time is up, or at once when it cannot get better by itself, e.g. an invalid image name). Gives up (returns
     * the last state) when {@code cancellation} fires.
     */
    public PodState awaitRunning(String pod, Duration limit, Cancellation cancellation) throws ClusterFailure,
            InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        PodState state = state(pod);
        while (state instanceof PodState.Starting s && !PodState.hopeless(s) && !cancellation.isCancelled()
                && System.nanoTime() < deadline) {
            Thread.sleep(POLL.toMillis());
            state = state(pod);
        }
        return state;
    }

    /**
     * Deletes {@code pod} and its secret: asks for a graceful deletion (the container gets SIGTERM, then SIGKILL
     * after {@code grace}), waits up to {@code grace} and a few seconds for it to go, then deletes it at once
     * (grace period 0). Never throws: what cannot be deleted is left to the cluster's garbage collector (the secret
     * is owned by the pod).
     */
    public void delete(String pod, Duration grace) {
        PodResource p = client.pods().inNamespace(namespace).withName(pod);
        try {
            p.withGracePeriod(Math.max(0, grace.toSeconds())).delete();
        } catch (KubernetesClientException e) {
            // already gone, or no access: the force below and the secret deletion still run
        }
        deleteSecret(pod);
        long deadline = System.nanoTime() + grace.plusSeconds(5).toNanos();
        try {
            while (System.nanoTime() < deadline && p.get() != null) {
                Thread.sleep(POLL.toMillis());
            }
            if (p.get() != null) {
                p.withGracePeriod(0).delete();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            forceQuietly(p);
        } catch (KubernetesClientException e) {
            forceQuietly(p);
        }
    }

    /**
     * Deletes at once (grace period 0) the Gantry pods of runner {@code runnerLabel} whose run label is one of
     * {@code runLabels}, with their secrets: what the runs of a Gantry that died without ending them (a
     * {@code kill -9}) left in the cluster. Pods of other runs and other runners are left alone. Returns the names of
     * the pods deleted.
     */
    public List<String> deleteRunPods(String runnerLabel, java.util.Set<String> runLabels) throws ClusterFailure {
        List<String> deleted = new java.util.ArrayList<>();
        try {
            for (Pod pod : client.pods().inNamespace(namespace).withLabels(Map.of(ActionPod.MANAGED_BY,
                    ActionPod.MANAGED_BY_VALUE, ActionPod.RUNNER_LABEL, runnerLabel)).list().getItems()) {
                Map<String, String> labels = pod.getMetadata().getLabels();
                if (labels != null && runLabels.contains(labels.get(ActionPod.RUN_LABEL))) {
                    String name = pod.getMetadata().getName();
                    forceQuietly(client.pods().inNamespace(namespace).withName(name));
                    deleteSecret(name);
                    deleted.add(name);
                }
            }
        } catch (KubernetesClientException e) {
            throw new ClusterFailure("cannot list the pods of namespace " + namespace + ": " + e.getMessage());
        }
        return deleted;
    }

    private static void forceQuietly(PodResource p) {
        try {
            p.withGracePeriod(0).delete();
        } catch (KubernetesClientException ignored) {
            // left to the cluster
        }
    }

    private void deleteSecret(String name) {
        try {
            client.secrets().inNamespace(namespace).withName(name).delete();
        } catch (KubernetesClientException ignored) {
            // owned by the pod: the cluster deletes it with the pod
        }
    }

    /**
     * Runs {@code command} in the pod's steps container over an exec channel (no TTY): its stdout goes to
     * {@code out} (or stays readable from {@link ExecWatch#getOutput()} when {@code out} is {@code null}), stderr
     * to {@code err} (or nowhere), and stdin is {@link ExecWatch#getInput()} when {@code withStdin}.
     */
    public ExecWatch exec(String pod, List<String> command, boolean withStdin, OutputStream out, OutputStream err)
            throws ClusterFailure {
        try {
            // The runner has waited for the container itself (awaitRunning): no readiness wait (a watch) per exec.
            var container = client.pods().inNamespace(namespace).withName(pod).inContainer(ActionPod.CONTAINER)
                    .withReadyWaitTimeout(0);
            var in = withStdin ? container.redirectingInput() : container;
            var o = out == null ? in.redirectingOutput() : in.writingOutput(out);
            var e = err == null ? o : o.writingError(err);
            return e.exec(command.toArray(String[]::new));
        } catch (KubernetesClientException e) {
            throw failure("cannot exec in the pod " + pod, e);
        }
    }

    // ---- health ----

    /** The API server's version ({@code v1.31.2}), or a failure saying why it cannot be reached. */
    public String version() throws ClusterFailure {
        try {
            var v = client.getKubernetesVersion();
            return v.getGitVersion() != null ? v.getGitVersion() : v.getMajor() + "." + v.getMinor();
        } catch (KubernetesClientException e) {
            throw failure("cannot reach the Kubernetes API at " + server(), e);
        }
    }

    /**
     * Whether this client may {@code verb} the {@code resource} (optionally its {@code subresource}) in the
     * namespace, as the API server's SelfSubjectAccessReview says.
     */
    public Access access(String verb, String resource, String subresource) throws ClusterFailure {
        SelfSubjectAccessReview review = new SelfSubjectAccessReviewBuilder().withNewSpec()
                .withResourceAttributes(new ResourceAttributesBuilder().withNamespace(namespace).withVerb(verb)
                        .withResource(resource).withSubresource(subresource).build())
                .endSpec().build();
        try {
            SelfSubjectAccessReview answer = client.authorization().v1().selfSubjectAccessReview().create(review);
            var status = answer.getStatus();
            boolean allowed = status != null && Boolean.TRUE.equals(status.getAllowed());
            return new Access(verb + " " + resource + (subresource == null ? "" : "/" + subresource), allowed,
                    status == null ? null : status.getReason());
        } catch (KubernetesClientException e) {
            throw failure("cannot ask the API server what this client may do", e);
        }
    }

    /**
     * An answer of {@link #access}.
     *
     * @param what    {@code create pods/exec}
     * @param allowed whether it is allowed
     * @param reason  the authorizer's reason, when it gave one
     */
    public record Access(String what, boolean allowed, String reason) {
    }

    /**
     * The schedulable Linux nodes by architecture label ({@code kubernetes.io/arch}), counting ready ones; other
     * architectures by their own label.
     */
    public Map<String, Integer> readyNodesByArchitecture() throws ClusterFailure {
        try {
            Map<String, Integer> found = new TreeMap<>();
            for (Node n : client.nodes().list().getItems()) {
                Map<String, String> labels = Optional.ofNullable(n.getMetadata().getLabels()).orElse(Map.of());
                String arch = labels.getOrDefault("kubernetes.io/arch", "unknown");
                boolean ready = n.getStatus() != null && n.getStatus().getConditions() != null
                        && n.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType())
                        && "True".equals(c.getStatus()));
                boolean cordoned = n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable());
                found.merge(arch, ready && !cordoned ? 1 : 0, Integer::sum);
            }
            return found;
        } catch (KubernetesClientException e) {
            throw failure("cannot list the nodes", e);
        }
    }

    /** The count of {@code arch}'s ready nodes in {@link #readyNodesByArchitecture()}. */
    public static int ready(Map<String, Integer> nodes, Architecture arch) {
        return nodes.getOrDefault(arch.label(), 0);
    }

    @Override
    public void close() {
        client.close();
    }

    private static ClusterFailure failure(String what, KubernetesClientException e) {
        String why = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                : rootCause(e);
        String hint = e.getCode() == 403 ? " (the account Gantry uses needs a Role allowing it: see docs/runners.md)"
                : e.getCode() == 401 ? " (the credentials of the kubeconfig context were refused)" : "";
        return new ClusterFailure(what + ": " + firstLine(why) + hint);
    }

    /**
     * What went wrong in words: the innermost cause with a message, or what its type says (the JDK client's
     * connection failures come without messages, wrapped in "An error has occurred.").
     */
    private static String rootCause(Throwable e) {
        String message = e.getMessage();
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof java.nio.channels.UnresolvedAddressException || t instanceof java.net.UnknownHostException) {
                return "the server's host name does not resolve";
            }
            if (t instanceof java.nio.channels.ClosedChannelException) {
                return "nothing accepts connections there (connection refused or closed)";
            }
            if (t instanceof java.net.http.HttpTimeoutException || t instanceof java.net.SocketTimeoutException) {
                return "no answer in time (" + t.getMessage() + ")";
            }
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return message;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no reason given";
        }
        String line = s.strip().lines().findFirst().orElse("");
        return line.length() > 400 ? line.substring(0, 400) + "..." : line;
    }

    /** The cluster refused or could not be reached; the message says what and why. */
    public static final class ClusterFailure extends Exception {
        private static final long serialVersionUID = 1L;

        public ClusterFailure(String message) {
            super(message);
        }
    }
}
