package dev.gantry.runners.kubernetes;

import dev.gantry.engine.config.Architecture;
import dev.gantry.engine.config.KubernetesConfig;
import dev.gantry.engine.run.Cancellation;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.server.mock.OutputStreamMessage;
import io.fabric8.kubernetes.client.server.mock.StatusStreamMessage;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster-talking part of the kubernetes runner against fabric8's Kubernetes mock server in CRUD mode: a mock,
 * because no Kubernetes API server can run on the machines Gantry is built and tested on. It stores what Gantry
 * creates (so pod specs, secrets, owner references and deletions are checked as a real API server would store
 * them); there is no scheduler or kubelet, so each test writes the pod status a kubelet would.
 */
class KubernetesClusterTest {
    private static final String NS = "ci";
    private MockCluster mock;
    private KubernetesCluster cluster;

    @BeforeEach
    void start() throws Exception {
        mock = new MockCluster();
        cluster = mock.cluster(NS);
    }

    @AfterEach
    void stop() {
        cluster.close();
        mock.close();
    }

    private static KubernetesConfig config(Map<String, KubernetesConfig.ProvisionedFleet> provisioned) {
        return new KubernetesConfig(null, NS, Map.of(Architecture.AMD64, "builder:amd64",
                Architecture.ARM64, "builder:arm64"), null, Map.of("team", "ci"),
                List.of(new KubernetesConfig.Toleration("dedicated", "Equal", "ci", "NoSchedule")),
                Map.of("cost-center", "42"), provisioned, Duration.ofSeconds(3), null);
    }

    private static ActionPod pod(KubernetesConfig config, String fleet, Architecture arch) {
        return ActionPod.of(config, new ActionPod.Request("eks", "Group.BuildArm", arch, fleet,
                config.images().get(arch), Map.of("GREETING", "hello", "API_TOKEN", "s3cr3t-value"), null, Duration.ofMinutes(60),
                "41"));
    }

    /** Mock (no API server can run here): what a created pod and its secret look like to the API server. */
    @Test
    void aPodHasTheFleetsArchitectureAndSizeTheSelectorsAndTheEnvironmentOnlyInItsSecret() throws Exception {
        ActionPod made = pod(config(Map.of()), "Linux.Arm64.XLarge", Architecture.ARM64);
        Pod created = cluster.create(made);

        Pod stored = mock.client.pods().inNamespace(NS).withName(made.name()).get();
        assertThat(stored.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
        assertThat(made.name()).startsWith("gantry-group-buildarm-").hasSizeLessThanOrEqualTo(63);
        assertThat(stored.getSpec().getNodeSelector()).containsEntry("kubernetes.io/arch", "arm64")
                .containsEntry("kubernetes.io/os", "linux").containsEntry("team", "ci");
        assertThat(stored.getSpec().getTolerations()).singleElement().satisfies(t -> {
            assertThat(t.getKey()).isEqualTo("dedicated");
            assertThat(t.getEffect()).isEqualTo("NoSchedule");
        });
        assertThat(stored.getMetadata().getLabels()).containsEntry("cost-center", "42")
                .containsEntry(ActionPod.MANAGED_BY, "gantry").containsEntry(ActionPod.RUNNER_LABEL, "eks")
                .containsEntry(ActionPod.ACTION_LABEL, "Group.BuildArm");
        var container = stored.getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("builder:arm64");
        assertThat(container.getResources().getRequests().get("cpu").toString()).isEqualTo("4");
        assertThat(container.getResources().getRequests().get("memory").toString()).isEqualTo("8Gi");
        assertThat(container.getResources().getLimits().get("memory").toString()).isEqualTo("8Gi");
        assertThat(container.getEnv()).isEmpty();
        assertThat(container.getEnvFrom()).singleElement()
                .satisfies(e -> assertThat(e.getSecretRef().getName()).isEqualTo(made.name()));
        assertThat(stored.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(stored.getSpec().getActiveDeadlineSeconds()).isEqualTo(70 * 60L);
        assertThat(stored.getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(Serialization.asJson(stored)).doesNotContain("s3cr3t-value").doesNotContain("hello");

        Secret secret = mock.client.secrets().inNamespace(NS).withName(made.name()).get();
        String value = secret.getData() != null && secret.getData().containsKey("API_TOKEN")
                ? new String(Base64.getDecoder().decode(secret.getData().get("API_TOKEN")))
                : secret.getStringData().get("API_TOKEN");
        assertThat(value).isEqualTo("s3cr3t-value");
        assertThat(secret.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("Pod");
            assertThat(o.getName()).isEqualTo(made.name());
            assertThat(o.getUid()).isEqualTo(created.getMetadata().getUid());
        });
    }

    /** Mock (no API server can run here): a provisioned fleet's node selector, no size; Gantry's pod as owner. */
    @Test
    void aProvisionedFleetAddsItsNodeSelectorAndGantrysOwnPodOwnsThePod() throws Exception {
        KubernetesConfig config = config(Map.of("graviton-big", new KubernetesConfig.ProvisionedFleet(
                Architecture.ARM64, Map.of("eks.amazonaws.com/nodegroup", "graviton-big"))));
        var owner = KubernetesTransport.ownerFrom(Map.of("GANTRY_POD_NAME", "gantry-server-0",
                "GANTRY_POD_UID", "1234-abcd"));
        ActionPod made = ActionPod.of(config, new ActionPod.Request("eks", "Build", Architecture.ARM64,
                "graviton-big", "builder:arm64", Map.of(), owner, Duration.ofMinutes(480), null));
        cluster.create(made);

        Pod stored = mock.client.pods().inNamespace(NS).withName(made.name()).get();
        assertThat(stored.getSpec().getNodeSelector()).containsEntry("eks.amazonaws.com/nodegroup", "graviton-big")
                .containsEntry("kubernetes.io/arch", "arm64");
        assertThat(stored.getSpec().getContainers().get(0).getResources().getRequests()).isNullOrEmpty();
        assertThat(stored.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getName()).isEqualTo("gantry-server-0");
            assertThat(o.getUid()).isEqualTo("1234-abcd");
        });
    }

    /** Mock (no API server can run here): deleting an action's pod deletes its secret too. */
    @Test
    void deletingThePodDeletesItAndItsSecret() throws Exception {
        ActionPod made = pod(config(Map.of()), "Linux.x86-64.Large", Architecture.AMD64);
        cluster.create(made);
        cluster.delete(made.name(), Duration.ofSeconds(1));
        assertThat(mock.client.pods().inNamespace(NS).list().getItems()).isEmpty();
        assertThat(mock.client.secrets().inNamespace(NS).list().getItems()).isEmpty();
    }

    /** Mock (no scheduler or kubelet here): the test writes the status the kubelet would when it starts. */
    @Test
    void waitingForAPodEndsWhenItsContainerRuns() throws Exception {
        ActionPod made = pod(config(Map.of()), "Linux.x86-64.Large", Architecture.AMD64);
        cluster.create(made);
        CompletableFuture<PodState> state = CompletableFuture.supplyAsync(() -> {
            try {
                return cluster.awaitRunning(made.name(), Duration.ofSeconds(60), new Cancellation());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(700);
        mock.setStatus(NS, made.name(), new PodStatusBuilder().withPhase("Running")
                .withContainerStatuses(new ContainerStatusBuilder().withName(ActionPod.CONTAINER)
                        .withNewState().withNewRunning().endRunning().endState().build()).build());
        assertThat(state.get(30, TimeUnit.SECONDS)).isInstanceOf(PodState.Running.class);
    }

    /** Mock (no scheduler here): the test writes the condition the scheduler writes when no node fits. */
    @Test
    void anUnschedulablePodIsReportedWithTheSchedulersReasonWhenTheTimeIsUp() throws Exception {
        ActionPod made = pod(config(Map.of()), "Linux.Arm64.Large", Architecture.ARM64);
        cluster.create(made);
        mock.setStatus(NS, made.name(), new PodStatusBuilder().withPhase("Pending").addNewCondition()
                .withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                .withMessage("0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.")
                .endCondition().build());
        long start = System.nanoTime();
        PodState state = cluster.awaitRunning(made.name(), Duration.ofSeconds(2), new Cancellation());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(state).isEqualTo(new PodState.Starting("not scheduled (Unschedulable): 0/3 nodes are "
                + "available: 3 node(s) didn't match Pod's node affinity/selector."));
    }

    /** Mock (no kubelet here): an image name the runtime refuses ends the wait at once. */
    @Test
    void anInvalidImageEndsTheWaitAtOnce() throws Exception {
        ActionPod made = pod(config(Map.of()), "Linux.x86-64.Large", Architecture.AMD64);
        cluster.create(made);
        mock.setStatus(NS, made.name(), new PodStatusBuilder().withPhase("Pending")
                .withContainerStatuses(new ContainerStatusBuilder().withName(ActionPod.CONTAINER).withNewState()
                        .withNewWaiting().withReason("InvalidImageName").withMessage("couldn't parse image name")
                        .endWaiting().endState().build()).build());
        PodState state = cluster.awaitRunning(made.name(), Duration.ofMinutes(5), new Cancellation());
        assertThat(state).isInstanceOf(PodState.Starting.class);
        assertThat(PodState.hopeless((PodState.Starting) state)).isTrue();
    }

    /** Mock (no kubelet here): the test writes the status of an evicted pod and of an OOM-killed container. */
    @Test
    void evictedAndOomKilledPodsSayso() throws Exception {
        ActionPod made = pod(config(Map.of()), "Linux.x86-64.Large", Architecture.AMD64);
        cluster.create(made);
        mock.setStatus(NS, made.name(), new PodStatusBuilder().withPhase("Failed").withReason("Evicted")
                .withMessage("The node was low on resource: ephemeral-storage.").build());
        assertThat(cluster.state(made.name()))
                .isEqualTo(new PodState.Ended("evicted: The node was low on resource: ephemeral-storage."));

        mock.setStatus(NS, made.name(), new PodStatusBuilder().withPhase("Running")
                .withContainerStatuses(new ContainerStatusBuilder().withName(ActionPod.CONTAINER).withNewState()
                        .withNewTerminated().withReason("OOMKilled").withExitCode(137).endTerminated().endState()
                        .build()).build());
        assertThat(((PodState.Ended) cluster.state(made.name())).reason()).startsWith("OOMKilled");

        cluster.delete(made.name(), Duration.ZERO);
        assertThat(cluster.state(made.name())).isEqualTo(new PodState.Ended("the pod was deleted"));
    }

    /** Mock (no API server here): nodes stored in CRUD mode; access reviews answered by expectations. */
    @Test
    void healthReadsTheVersionTheAccessAndTheNodesPerArchitecture() throws Exception {
        assertThat(cluster.version()).isNotBlank();
        for (String arch : List.of("amd64", "amd64", "arm64")) {
            mock.client.nodes().resource(new NodeBuilder().withNewMetadata().withGenerateName("node-")
                    .addToLabels("kubernetes.io/arch", arch).endMetadata().withNewStatus().addNewCondition()
                    .withType("Ready").withStatus("True").endCondition().endStatus().build()).create();
        }
        assertThat(cluster.readyNodesByArchitecture()).containsEntry("amd64", 2).containsEntry("arm64", 1);

        mock.server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
                .andReturn(201, new SelfSubjectAccessReviewBuilder().withNewStatus().withAllowed(false)
                        .withReason("RBAC: no rule allows it").endStatus().build()).once();
        KubernetesCluster.Access denied = cluster.access("create", "pods", "exec");
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.what()).isEqualTo("create pods/exec");
        assertThat(denied.reason()).contains("RBAC");
    }

    /**
     * Mock (no API server or kubelet here): the mock answers an exec with fixed frames, output on channel 1 and the
     * exit status on channel 3, as the API server relays them; what a shell does with its stdin cannot be mocked
     * (see {@link PodProtocolTest}, where a local process stands in for the channel).
     */
    @Test
    void anExecStreamsTheOutputAndTheExitStatus() throws Exception {
        ActionPod made = pod(config(Map.of()), "Linux.x86-64.Large", Architecture.AMD64);
        cluster.create(made);
        mock.setStatus(NS, made.name(), new PodStatusBuilder().withPhase("Running")
                .withContainerStatuses(new ContainerStatusBuilder().withName(ActionPod.CONTAINER)
                        .withNewState().withNewRunning().endRunning().endState().build()).build());
        mock.server.expect().get().withPath("/api/v1/namespaces/" + NS + "/pods/" + made.name()
                        + "/exec?command=bash&command=-c&command=exit%203&container=steps&stdout=true&stderr=true")
                .andUpgradeToWebSocket().open(new OutputStreamMessage("line one\nline two\n"),
                        new StatusStreamMessage(3)).done().once();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var watch = cluster.exec(made.name(), List.of("bash", "-c", "exit 3"), false, out,
                OutputStream.nullOutputStream());
        assertThat(watch.exitCode().get(30, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(out.toString()).isEqualTo("line one\nline two\n");
    }
}
