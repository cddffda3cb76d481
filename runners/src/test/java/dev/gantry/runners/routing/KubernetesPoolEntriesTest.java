package dev.gantry.runners.routing;

import dev.gantry.engine.config.Architecture;
import dev.gantry.engine.config.GantryConfig;
import dev.gantry.engine.config.KubernetesConfig;
import dev.gantry.engine.config.RunnerConfig;
import dev.gantry.engine.config.RunnerKind;
import dev.gantry.runners.docker.DockerEngine;
import dev.gantry.runners.kubernetes.ClusterConnection;
import dev.gantry.runners.kubernetes.MockCluster;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How a {@code kubernetes} runner of {@code gantry.yaml} enters the runner pool, and its health. */
class KubernetesPoolEntriesTest {
    @TempDir
    Path tmp;

    private static KubernetesConfig cluster(Map<Architecture, String> images,
                                            Map<String, KubernetesConfig.ProvisionedFleet> provisioned) {
        return new KubernetesConfig(null, "ci", images, null, Map.of(), List.of(), Map.of(), provisioned,
                Duration.ofMinutes(5), null);
    }

    private static RunnerConfig runner(List<String> fleets, KubernetesConfig k) {
        return new RunnerConfig("eks", RunnerKind.KUBERNETES, null, fleets, List.of(), 3, null, null, null, null,
                null, null, null, k);
    }

    private RunnerPool pool(RunnerConfig rc) {
        HostFacts host = new HostFacts(Architecture.AMD64, new BinfmtEmulation(tmp.resolve("none")),
                h -> DockerEngine.unreachable(h, "no engine"), Map.of("PATH", "/bin"));
        return RunnerPool.of(new GantryConfig(Map.of(), null, List.of(rc), null), host, 8);
    }

    @Test
    void aRunnerWithBothImagesIsOneRunnerPerArchitectureServingItsFleets() {
        KubernetesConfig k = cluster(Map.of(Architecture.AMD64, "b:1", Architecture.ARM64, "b:1"),
                Map.of("graviton", new KubernetesConfig.ProvisionedFleet(Architecture.ARM64, Map.of("pool", "g"))));
        try (RunnerPool pool = pool(runner(List.of(), k))) {
            assertThat(pool.problems()).isEmpty();
            assertThat(pool.runners()).extracting(PooledRunner::name).containsExactly("eks (amd64)", "eks (arm64)");
            PooledRunner amd = pool.runners().get(0);
            PooledRunner arm = pool.runners().get(1);
            assertThat(amd.describe()).isEqualTo("kubernetes, amd64");
            assertThat(amd.runner().capacity()).isEqualTo(3);
            assertThat(amd.serves("Linux.x86-64.2XLarge")).isTrue();
            assertThat(amd.serves("Linux.Arm64.Large")).isFalse();
            assertThat(arm.serves("Linux.Arm64.Large")).isTrue();
            assertThat(arm.serves("graviton")).isTrue();
            assertThat(amd.serves("graviton")).isFalse();
        }
    }

    @Test
    void listedFleetsWithoutAnImageOrAMappingAreConfigurationProblems() {
        KubernetesConfig k = cluster(Map.of(Architecture.ARM64, "b:arm"), Map.of());
        try (RunnerPool pool = pool(runner(List.of("Linux.Arm64.Large", "Linux.x86-64.Large", "big"), k))) {
            assertThat(pool.runners()).extracting(PooledRunner::name).containsExactly("eks");
            assertThat(pool.problems()).extracting(RunnerPool.ConfigProblem::message).containsExactly(
                    "runner 'eks' lists fleet Linux.x86-64.Large, an amd64 fleet, but has no amd64 image: add one "
                            + "under kubernetes.images, or remove the fleet",
                    "runner 'eks' lists fleet big, which is not an on-demand fleet: map it under "
                            + "kubernetes.provisionedFleets with its architecture and node selector");
            assertThat(pool.runners().get(0).serves("Linux.Arm64.Large")).isTrue();
            assertThat(pool.runners().get(0).serves("Linux.Arm64.XLarge")).as("it lists fleets: only those").isFalse();
        }
    }

    /**
     * Mock (no Kubernetes API server can run here): fabric8's mock server in CRUD mode holds the nodes; the
     * access reviews are answered by expectations, one denied.
     */
    @Test
    void healthSaysWhetherTheApiAnswersWhatTheAccountMayDoAndTheNodesOfTheArchitecture() throws Exception {
        try (MockCluster mock = new MockCluster()) {
            mock.client.nodes().resource(new NodeBuilder().withNewMetadata().withName("x86-1")
                    .addToLabels("kubernetes.io/arch", "amd64").endMetadata().withNewStatus().addNewCondition()
                    .withType("Ready").withStatus("True").endCondition().endStatus().build()).create();
            KubernetesConfig k = cluster(Map.of(Architecture.ARM64, "b:arm"), Map.of());
            mock.server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
                    .andReturn(201, new SelfSubjectAccessReviewBuilder().withNewStatus().withAllowed(true)
                            .endStatus().build()).times(4);
            mock.server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
                    .andReturn(201, new SelfSubjectAccessReviewBuilder().withNewStatus().withAllowed(false)
                            .endStatus().build()).once();
            mock.server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
                    .andReturn(201, new SelfSubjectAccessReviewBuilder().withNewStatus().withAllowed(true)
                            .endStatus().build()).always();
            try (ClusterConnection connection = new ClusterConnection(k, c -> mock.server.createClient())) {
                RunnerHealth h = KubernetesPoolEntries.health(new KubernetesPoolEntries.ClusterChecks(connection), Architecture.ARM64, k, true);
                assertThat(h.usable()).isFalse();
                assertThat(h.problem()).isEqualTo("access: not allowed in namespace ci: create pods/exec (bind the "
                        + "account to the Role in docs/runners.md)");
                assertThat(h.checks()).extracting(RunnerHealth.Check::name)
                        .containsExactly("kubernetes", "access", "nodes", "image");
                assertThat(h.checks().get(0).detail()).startsWith("API " + mock.server.createClient().getMasterUrl())
                        .endsWith("namespace ci");
                assertThat(h.checks().get(2).ok()).isFalse();
                assertThat(h.checks().get(2).detail()).startsWith("no ready arm64 node now {amd64=1}: pods wait up "
                        + "to kubernetes.scheduleTimeout (300 s)");
            }
        }
    }

    @Test
    void anUnreachableApiIsAFailedCheckWithTheReason() {
        KubernetesConfig k = new KubernetesConfig("no-such-context", "ci", Map.of(Architecture.AMD64, "b"), null,
                Map.of(), List.of(), Map.of(), Map.of(), null, null);
        try (ClusterConnection connection = new ClusterConnection(k)) {
            RunnerHealth h = KubernetesPoolEntries.health(new KubernetesPoolEntries.ClusterChecks(connection), Architecture.AMD64, k, false);
            assertThat(h.usable()).isFalse();
            assertThat(h.problem()).startsWith("kubernetes: the kubeconfig has no context 'no-such-context'");
        }
    }
}
