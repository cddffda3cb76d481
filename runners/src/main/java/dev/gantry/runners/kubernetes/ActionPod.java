package dev.gantry.runners.kubernetes;

import dev.gantry.engine.config.Architecture;
import dev.gantry.engine.config.KubernetesConfig;
import dev.gantry.engine.model.Fleets;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pod one action runs in, and the secret that holds its environment. The pod:
 * <ul>
 *   <li>runs the configured image of the action's architecture (or the action's own
 *       {@code Configuration.Container}) as one container, {@value #CONTAINER}, that only waits: the runner sends
 *       the workspace and runs the steps over the exec channel;</li>
 *   <li>has the node selector {@code kubernetes.io/arch} (the fleet's architecture) and {@code kubernetes.io/os:
 *       linux}, the configured node selector, the provisioned fleet's node selector, the configured tolerations;</li>
 *   <li>requests the fleet's CPU and memory (reference §2.4: Large 2 vCPU and 4 GiB, XLarge 4 and 8, 2XLarge 8 and
 *       16) and is limited to its memory, as the fleet's machine would be;</li>
 *   <li>takes every variable of the step environment from the secret ({@code envFrom}), so no value, secret or
 *       not, is written in the pod spec: the runner cannot tell which values are secrets (the executor masks them
 *       in output), so it treats them all as such;</li>
 *   <li>keeps the workspace in an {@code emptyDir} at {@value #WORKSPACE}, which goes with the pod;</li>
 *   <li>does not mount a service account token unless a service account is configured;</li>
 *   <li>has an {@code activeDeadlineSeconds} of the action's timeout and ten minutes, after which the kubelet ends
 *       it even if Gantry was killed before it could delete it;</li>
 *   <li>is owned by Gantry's own pod when Gantry runs in the cluster ({@code GANTRY_POD_NAME} and
 *       {@code GANTRY_POD_UID} set through the downward API), so deleting Gantry's pod deletes its action pods.</li>
 * </ul>
 * The secret has the pod's name and, once the pod exists, the pod as its owner, so the cluster deletes it with the
 * pod even if Gantry is killed before it deletes it itself.
 *
 * @param pod    the pod to create
 * @param secret the secret to create before it
 */
public record ActionPod(Pod pod, Secret secret) {
    /** The name of the container the steps run in. */
    public static final String CONTAINER = "steps";
    /** Where the workspace volume is mounted in the pod. */
    public static final String WORKSPACE = "/gantry";
    /** The label every Gantry pod and secret has, with the value {@value #MANAGED_BY_VALUE}. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_VALUE = "gantry";
    /** The label naming the runner. */
    public static final String RUNNER_LABEL = "gantry.dev/runner";
    /** The label naming the action (as a label value). */
    public static final String ACTION_LABEL = "gantry.dev/action";
    /** The label naming the run (when the run has an id a crash sweep can find it by). */
    public static final String RUN_LABEL = "gantry.dev/run";
    /** The annotation with the action's qualified id, as written. */
    public static final String ACTION_ANNOTATION = "gantry.dev/action-id";
    /** What the container runs: nothing but waiting until the pod is deleted. */
    static final List<String> IDLE = List.of("/bin/sh", "-c",
            "trap 'exit 0' TERM INT; while :; do sleep 3600 & wait $!; done");

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * What a pod is made from.
     *
     * @param runner       the runner's name
     * @param actionId     the action's qualified id
     * @param architecture the fleet's architecture
     * @param fleet        the fleet name
     * @param image        the image to run
     * @param environment  the step environment (goes into the secret)
     * @param owner        Gantry's own pod when it runs in the cluster, else {@code null}
     * @param timeout      the action's timeout
     * @param runId        the run's id (a label, so that a crash sweep finds its pods), or {@code null}
     */
    public record Request(String runner, String actionId, Architecture architecture, String fleet, String image,
                          Map<String, String> environment, OwnerReference owner, java.time.Duration timeout,
                          String runId) {
        public Request {
            environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        }
    }

    /** The pod and secret for {@code request} under {@code config}, with a fresh random name. */
    public static ActionPod of(KubernetesConfig config, Request request) {
        String name = name(request.actionId());
        Map<String, String> labels = new LinkedHashMap<>(config.labels());
        labels.put(MANAGED_BY, MANAGED_BY_VALUE);
        labels.put(RUNNER_LABEL, labelValue(request.runner()));
        labels.put(ACTION_LABEL, labelValue(request.actionId()));
        if (request.runId() != null) {
            labels.put(RUN_LABEL, labelValue(request.runId()));
        }
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put("kubernetes.io/arch", request.architecture().label());
        selector.put("kubernetes.io/os", "linux");
        selector.putAll(config.nodeSelector());
        KubernetesConfig.ProvisionedFleet provisioned = config.provisionedFleets().get(request.fleet());
        if (provisioned != null) {
            selector.putAll(provisioned.nodeSelector());
        }
        ResourceRequirementsBuilder resources = new ResourceRequirementsBuilder();
        Fleets.size(request.fleet()).ifPresent(size -> resources
                .addToRequests("cpu", new Quantity(Integer.toString(size.vcpus())))
                .addToRequests("memory", new Quantity(size.memoryGiB() + "Gi"))
                .addToLimits("memory", new Quantity(size.memoryGiB() + "Gi")));
        List<Toleration> tolerations = config.tolerations().stream().map(t -> new TolerationBuilder()
                .withKey(t.key()).withOperator(t.operator()).withValue(t.value()).withEffect(t.effect()).build())
                .toList();
        PodBuilder pod = new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(config.namespace()).withLabels(labels)
                .addToAnnotations(ACTION_ANNOTATION, request.actionId())
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withActiveDeadlineSeconds(request.timeout().plusMinutes(10).toSeconds())
                .withNodeSelector(selector)
                .withTolerations(tolerations)
                .withServiceAccountName(config.serviceAccount())
                .withAutomountServiceAccountToken(config.serviceAccount() != null)
                .withTerminationGracePeriodSeconds(10L)
                .addNewVolume().withName("workspace").withNewEmptyDir().endEmptyDir().endVolume()
                .addToContainers(new ContainerBuilder()
                        .withName(CONTAINER)
                        .withImage(request.image())
                        .withCommand(IDLE)
                        .withWorkingDir(WORKSPACE)
                        .addNewEnvFrom().withNewSecretRef().withName(name).withOptional(false).endSecretRef()
                        .endEnvFrom()
                        .withResources(resources.build())
                        .addNewVolumeMount().withName("workspace").withMountPath(WORKSPACE).endVolumeMount()
                        .build())
                .endSpec();
        if (request.owner() != null) {
            pod.editMetadata().addToOwnerReferences(request.owner()).endMetadata();
        }
        Secret secret = new SecretBuilder()
                .withNewMetadata().withName(name).withNamespace(config.namespace()).withLabels(labels).endMetadata()
                .withType("Opaque")
                .withImmutable(true)
                .withStringData(new LinkedHashMap<>(request.environment()))
                .build();
        return new ActionPod(pod.build(), secret);
    }

    /** The pod's name. */
    public String name() {
        return pod.getMetadata().getName();
    }

    /** An owner reference to {@code pod} (created, so with its uid), for the objects that go with it. */
    public static OwnerReference ownedBy(Pod pod) {
        return new OwnerReferenceBuilder().withApiVersion("v1").withKind("Pod")
                .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid())
                .withBlockOwnerDeletion(false).withController(false).build();
    }

    /**
     * {@code gantry-<action>-<8 random>}: lower case, at most 63 characters, only letters, digits and '-', as
     * Kubernetes requires of pod names that are also DNS labels.
     */
    static String name(String actionId) {
        String slug = actionId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > 44) {
            slug = slug.substring(0, 44).replaceAll("-+$", "");
        }
        StringBuilder random = new StringBuilder();
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < 8; i++) {
            random.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return "gantry-" + (slug.isEmpty() ? "" : slug + "-") + random;
    }

    /** {@code text} as a label value: at most 63 of letters, digits, '-', '_', '.', alphanumeric at both ends. */
    static String labelValue(String text) {
        String v = text.replaceAll("[^A-Za-z0-9_.-]+", "-");
        if (v.length() > 63) {
            v = v.substring(0, 63);
        }
        return v.replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
    }
}
