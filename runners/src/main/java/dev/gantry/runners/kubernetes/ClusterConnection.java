package dev.gantry.runners.kubernetes;

import dev.gantry.engine.config.KubernetesConfig;
import dev.gantry.runners.kubernetes.KubernetesCluster.ClusterFailure;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A kubernetes runner's cluster, connected on first use and shared by the runner's architectures: the kubeconfig
 * context it names (or the current context; inside a pod, the service account Kubernetes mounts there, as fabric8's
 * auto-configuration finds them), and the namespace it names (or the context's, or {@code default}).
 */
public final class ClusterConnection implements AutoCloseable {
    /** How often a failed request is tried again (fabric8's default, 10 with backoff, takes most of a minute). */
    static final int RETRIES = 1;
    /** How long connecting to the API server may take. */
    static final java.time.Duration CONNECT_TIMEOUT = java.time.Duration.ofSeconds(10);

    private final KubernetesConfig config;
    private final Function<Config, KubernetesClient> clients;
    private KubernetesCluster cluster;
    private ClusterFailure failure;

    /**
     * Connects with fabric8's client over OkHttp (kubernetes-httpclient-okhttp): its WebSocket queues frames, which
     * streaming a workspace into a pod over exec needs; the JDK HTTP client flavour refuses a frame while the
     * previous one is still being sent, and fabric8 then fails the exec ("could not send").
     */
    public ClusterConnection(KubernetesConfig config) {
        this(config, c -> new KubernetesClientBuilder().withConfig(c).build());
    }

    /** Connects with {@code clients} (tests: a client of the mock server). */
    public ClusterConnection(KubernetesConfig config, Function<Config, KubernetesClient> clients) {
        this.config = config;
        this.clients = clients;
    }

    /** The cluster; the first call connects (a failure is remembered and thrown again). */
    public synchronized KubernetesCluster cluster() throws ClusterFailure {
        if (cluster != null) {
            return cluster;
        }
        if (failure != null) {
            throw failure;
        }
        try {
            Config c = Config.autoConfigure(config.context());
            c.setRequestRetryBackoffLimit(RETRIES);
            c.setConnectionTimeout((int) CONNECT_TIMEOUT.toMillis());
            if (config.context() != null) {
                List<String> known = Optional.ofNullable(c.getContexts()).orElse(List.of()).stream()
                        .map(NamedContext::getName).toList();
                if (!known.contains(config.context())) {
                    throw new ClusterFailure("the kubeconfig has no context '" + config.context() + "'"
                            + (known.isEmpty() ? " (no kubeconfig found: set KUBECONFIG or create ~/.kube/config)"
                            : " (it has: " + String.join(", ", known) + ")"));
                }
            }
            String namespace = config.namespace() != null ? config.namespace()
                    : c.getNamespace() != null ? c.getNamespace() : "default";
            cluster = new KubernetesCluster(clients.apply(c), namespace);
            return cluster;
        } catch (KubernetesClientException e) {
            failure = new ClusterFailure("cannot configure the Kubernetes client: " + e.getMessage());
            throw failure;
        } catch (ClusterFailure e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }
}
