package dev.gantry.dsl.config;

import dev.gantry.engine.config.Architecture;
import dev.gantry.engine.config.KubernetesConfig;
import dev.gantry.engine.config.RunnerConfig;
import dev.gantry.engine.config.RunnerKind;
import dev.gantry.engine.diagnostic.Diagnostic;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code kubernetes:} section of a {@code kind: kubernetes} runner in {@code gantry.yaml}. */
class KubernetesRunnerConfigTest {
    private final ConfigLoader loader = new ConfigLoader(Path.of("/home/me"));

    private LoadedConfig parse(String text) {
        return loader.parse(text, "gantry.yaml", Path.of("/work/repo"));
    }

    private static List<String> messages(LoadedConfig c) {
        return c.diagnostics().stream().map(Diagnostic::format).toList();
    }

    @Test
    void readsEveryKey() {
        LoadedConfig c = parse("""
                runners:
                  - name: eks
                    kind: kubernetes
                    capacity: 12
                    kubernetes:
                      context: arn:aws:eks:eu-west-1:123456789012:cluster/ci
                      namespace: gantry
                      images:
                        amd64: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/builder:amd64
                        arm64: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/builder:arm64
                      serviceAccount: gantry-runner
                      nodeSelector: {workload: ci}
                      tolerations:
                        - {key: dedicated, operator: Equal, value: ci, effect: NoSchedule}
                        - {operator: Exists}
                      labels: {team: platform}
                      provisionedFleets:
                        graviton-big:
                          architecture: arm64
                          nodeSelector: {eks.amazonaws.com/nodegroup: graviton-big}
                      scheduleTimeout: 90s
                """);
        assertThat(c.diagnostics()).isEmpty();
        RunnerConfig r = c.config().runners().get(0);
        assertThat(r.kind()).isEqualTo(RunnerKind.KUBERNETES);
        assertThat(r.capacity()).isEqualTo(12);
        KubernetesConfig k = r.kubernetes();
        assertThat(k.context()).isEqualTo("arn:aws:eks:eu-west-1:123456789012:cluster/ci");
        assertThat(k.namespace()).isEqualTo("gantry");
        assertThat(k.images()).containsOnlyKeys(Architecture.AMD64, Architecture.ARM64);
        assertThat(k.serviceAccount()).isEqualTo("gantry-runner");
        assertThat(k.nodeSelector()).isEqualTo(Map.of("workload", "ci"));
        assertThat(k.tolerations()).containsExactly(
                new KubernetesConfig.Toleration("dedicated", "Equal", "ci", "NoSchedule"),
                new KubernetesConfig.Toleration(null, "Exists", null, null));
        assertThat(k.labels()).isEqualTo(Map.of("team", "platform"));
        assertThat(k.provisionedFleets().get("graviton-big")).isEqualTo(new KubernetesConfig.ProvisionedFleet(
                Architecture.ARM64, Map.of("eks.amazonaws.com/nodegroup", "graviton-big")));
        assertThat(k.scheduleTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(k.origin().format()).isEqualTo("gantry.yaml:5:5");
    }

    @Test
    void oneImageServesBothArchitecturesOrOnlyTheConfiguredOne() {
        LoadedConfig both = parse("runners: [{name: k, kind: kubernetes, kubernetes: {image: 'b:1'}}]");
        assertThat(both.config().runners().get(0).kubernetes().images())
                .isEqualTo(Map.of(Architecture.AMD64, "b:1", Architecture.ARM64, "b:1"));
        assertThat(both.config().runners().get(0).kubernetes().scheduleTimeout())
                .isEqualTo(KubernetesConfig.DEFAULT_SCHEDULE_TIMEOUT);
        LoadedConfig one = parse("runners: [{name: k, kind: kubernetes, architecture: arm64, "
                + "kubernetes: {image: 'b:1'}}]");
        assertThat(one.config().runners().get(0).kubernetes().images()).isEqualTo(Map.of(Architecture.ARM64, "b:1"));
    }

    @Test
    void mistakesAreReportedWhereTheyAre() {
        LoadedConfig c = parse("""
                runners:
                  - name: k
                    kind: kubernetes
                    kubernetes:
                      images: {riscv: x}
                      namespace: Not_A_Name
                      nodeSelector: {"bad key!": x}
                      tolerations: [{key: a, operator: Maybe}]
                      provisionedFleets: {big: {nodeSelector: {a: b}}}
                      scheduleTimeout: soon
                      imagePullPolicy: Always
                  - name: nothing
                    kind: kubernetes
                  - name: c
                    kind: container
                    image: x
                    kubernetes: {image: y}
                """);
        assertThat(messages(c)).containsExactly(
                "gantry.yaml:5:23: error: unknown architecture 'riscv' in images: use amd64 or arm64 [config-value]",
                "gantry.yaml:6:18: error: namespace 'Not_A_Name' is not a Kubernetes name (up to 63 lower-case "
                        + "letters, digits and '-') [config-value]",
                "gantry.yaml:7:34: error: 'bad key!' in nodeSelector is not a Kubernetes label key (an optional DNS "
                        + "prefix and '/', then up to 63 letters, digits, '-', '_' or '.') [config-value]",
                "gantry.yaml:8:40: error: a toleration's operator is Equal or Exists, not 'Maybe' [config-value]",
                "gantry.yaml:9:32: error: provisioned fleet 'big' needs its nodes' architecture: amd64 or arm64 "
                        + "[config-required]",
                "gantry.yaml:10:24: error: scheduleTimeout 'soon' is not a duration: write seconds, or a number "
                        + "with s, m or h (e.g. 90s, 5m) [config-value]",
                "gantry.yaml:11:7: error: unknown key 'imagePullPolicy' in kubernetes; known keys: context, "
                        + "namespace, image, images, serviceAccount, nodeSelector, tolerations, labels, "
                        + "provisionedFleets, scheduleTimeout [config-unknown-key]",
                "gantry.yaml:12:5: error: runner 'nothing' is a kubernetes runner: it needs a kubernetes section "
                        + "with at least an image (kubernetes: {image: ...}) [config-required]",
                "gantry.yaml:17:5: warning: kubernetes is used only by kubernetes runners; runner 'c' is of kind "
                        + "container [config-unused-key]");
        assertThat(c.config().runners()).extracting(RunnerConfig::name).containsExactly("c");
    }
}
