package dev.gantry.engine.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code kubernetes:} section of a {@code kubernetes} runner: which cluster and namespace, which image each
 * architecture's pods run, and what every pod gets (service account, node selector, tolerations, labels).
 *
 * @param context           the kubeconfig context, or {@code null} for the current one (or, inside a pod, the
 *                          service account Kubernetes mounts there)
 * @param namespace         where pods and their secrets are made, or {@code null} for the context's namespace
 * @param images            the image of each architecture's pods (an action's own {@code Configuration.Container}
 *                          wins); the runner serves the architectures listed here
 * @param serviceAccount    the pods' service account, or {@code null} for the namespace's default
 * @param nodeSelector      added to every pod's node selector (beside {@code kubernetes.io/arch})
 * @param tolerations       added to every pod
 * @param labels            added to every pod and secret
 * @param provisionedFleets provisioned fleet names the runner serves, with their architecture and node selector
 * @param scheduleTimeout   how long a pod may wait to be scheduled and started before the action fails with the
 *                          cluster's reason
 * @param origin            where the section was written
 */
public record KubernetesConfig(String context, String namespace, Map<Architecture, String> images,
                               String serviceAccount, Map<String, String> nodeSelector, List<Toleration> tolerations,
                               Map<String, String> labels, Map<String, ProvisionedFleet> provisionedFleets,
                               Duration scheduleTimeout, ConfigOrigin origin) {
    /** How long a pod may wait to start when {@code scheduleTimeout} is not given. */
    public static final Duration DEFAULT_SCHEDULE_TIMEOUT = Duration.ofMinutes(5);

    public KubernetesConfig {
        images = ordered(images);
        nodeSelector = ordered(nodeSelector);
        tolerations = List.copyOf(tolerations);
        labels = ordered(labels);
        provisionedFleets = ordered(provisionedFleets);
        scheduleTimeout = scheduleTimeout == null ? DEFAULT_SCHEDULE_TIMEOUT : scheduleTimeout;
    }

    private static <K, V> Map<K, V> ordered(Map<K, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /**
     * A toleration, as Kubernetes spells it.
     *
     * @param key      the taint key, or {@code null} (with {@code Exists}: every taint)
     * @param operator {@code Equal} or {@code Exists}
     * @param value    the taint value, or {@code null}
     * @param effect   {@code NoSchedule}, {@code PreferNoSchedule}, {@code NoExecute}, or {@code null} for all
     */
    public record Toleration(String key, String operator, String value, String effect) {
    }

    /**
     * A provisioned fleet served by the cluster.
     *
     * @param architecture its nodes' architecture
     * @param nodeSelector the labels of its nodes (e.g. {@code eks.amazonaws.com/nodegroup: graviton})
     */
    public record ProvisionedFleet(Architecture architecture, Map<String, String> nodeSelector) {
        public ProvisionedFleet {
            nodeSelector = ordered(nodeSelector);
        }
    }
}
