package dev.gantry.actions.deploy.eks;

import dev.gantry.actions.aws.MotoServer;
import dev.gantry.actions.deploy.TaskHarness;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.run.ActionFailure;
import dev.gantry.engine.run.ActionWork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.gantry.actions.deploy.TaskHarness.action;
import static dev.gantry.actions.deploy.TaskHarness.task;
import static dev.gantry.actions.deploy.TaskHarness.works;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * aws/kubernetes-deploy with the real AWS CLI and kubectl against moto_server. moto serves the EKS API but no
 * Kubernetes API server, so what is shown is the kubeconfig step and the failures in the tools' own words; applying
 * manifests to a real cluster is not tested here. Skipped where the AWS CLI or kubectl is missing.
 */
class KubernetesDeployTest {
    private static MotoServer moto;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(works("aws", "--version") && works("kubectl", "version", "--client"),
                "the AWS CLI and kubectl are needed for the Kubernetes deploy action");
        moto = MotoServer.start();
    }

    @AfterAll
    static void stop() {
        if (moto != null) {
            moto.close();
        }
    }


    @Test
    void anUnknownClusterFailsWithEksError(@TempDir Path tmp) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("app.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: demo}\n");
        Action a = action("Deploy", "aws/kubernetes-deploy@v1", Map.of("Cluster", "nope", "Manifests", "app.yaml",
                "Region", "us-east-1"));
        TaskHarness h = new TaskHarness(src, moto.endpoint()).env("AWS_EC2_METADATA_DISABLED", "true");
        assertThatThrownBy(() -> h.run(a, task(KubernetesDeploy.plan(a)))).isInstanceOf(ActionFailure.class)
                .hasMessage("aws eks failed: exitcode '255'");
        assertThat(h.log).anyMatch(l -> l.contains("ResourceNotFoundException"));
    }

    @Test
    void missingManifestsAndRequiredPropertiesAreRefused(@TempDir Path tmp) throws Exception {
        assertThat(KubernetesDeploy.plan(action("K", "aws/kubernetes-deploy@v1", Map.of("Manifests", "k8s/"))))
                .isEqualTo(new ActionWork.Invalid("Cluster", "input parameter 'Cluster' is required for action 'K'"));
        Action a = action("K", "aws/kubernetes-deploy@v1", Map.of("Cluster", "c", "Manifests", "k8s/"));
        assertThatThrownBy(() -> new TaskHarness(Files.createDirectories(tmp.resolve("src")), moto.endpoint())
                .run(a, task(KubernetesDeploy.plan(a)))).hasMessage("Manifests 'k8s/' does not exist (looked for k8s)");
    }
}
