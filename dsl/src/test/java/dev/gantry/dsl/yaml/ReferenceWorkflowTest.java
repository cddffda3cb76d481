package dev.gantry.dsl.yaml;

import dev.gantry.dsl.LoadedWorkflow;
import dev.gantry.dsl.WorkflowFiles;
import dev.gantry.dsl.validate.ValidationOptions;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.ComputeType;
import dev.gantry.engine.model.Step;
import dev.gantry.engine.model.TriggerType;
import dev.gantry.engine.model.Workflow;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The reference multi-arch workflow ({@code examples/hello-world-multiarch}) loads clean and exactly as YAML says. */
class ReferenceWorkflowTest {
    private static final String ECR = "$AWS_ACCOUNT_ID.dkr.ecr.$AWS_DEFAULT_REGION.amazonaws.com";

    static Path seed() {
        Path p = Path.of("").toAbsolutePath();
        for (; p != null; p = p.getParent()) {
            Path candidate = p.resolve("examples/hello-world-multiarch/.codecatalyst/workflows/multiarch.yaml");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("examples/hello-world-multiarch not found above " + Path.of("").toAbsolutePath());
    }

    private final LoadedWorkflow loaded =
            new WorkflowFiles(ValidationOptions.DEFAULT).load(seed(), "multiarch.yaml");

    @Test
    void validatesWithoutAnyDiagnostic() {
        assertThat(loaded.diagnostics()).isEmpty();
    }

    @Test
    void readsTheTopLevel() {
        Workflow w = loaded.workflow();
        assertThat(w.name()).isEqualTo("multiarch");
        assertThat(w.schemaVersion()).isEqualTo("1.0");
        assertThat(w.triggers()).singleElement().satisfies(t -> {
            assertThat(t.type()).isEqualTo(TriggerType.PUSH);
            assertThat(t.branches()).containsExactly("main");
        });
        assertThat(w.actions()).extracting(Action::name)
                .containsExactly("docker_build_amd64", "docker_build_arm64", "docker_manifest");
    }

    @Test
    void readsTheArm64BuildAndTheManifestDependencies() {
        Action arm = loaded.workflow().action("docker_build_arm64").orElseThrow();
        assertThat(arm.compute().type()).isEqualTo(ComputeType.EC2);
        assertThat(arm.compute().fleet()).isEqualTo("Linux.Arm64.Large");
        assertThat(arm.inputs().sources()).containsExactly("WorkflowSource");
        assertThat(arm.inputs().variables()).extracting(v -> v.name() + "=" + v.value())
                .containsExactly("AWS_DEFAULT_REGION=us-west-2", "IMAGE_REPO_NAME=hello-world",
                        "IMAGE_TAG=latest-arm64");
        assertThat(arm.environment().name()).isEqualTo("demo");
        assertThat(arm.environment().connections()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("development");
            assertThat(c.role()).isEqualTo("CodeCatalystPreviewDevelopmentAdministrator");
        });
        Action manifest = loaded.workflow().action("docker_manifest").orElseThrow();
        assertThat(manifest.dependsOn()).containsExactly("docker_build_arm64", "docker_build_amd64");
    }

    /** Multi-line plain scalars fold: each line break between non-empty lines becomes one space. */
    @Test
    void foldsTheMultiLinePlainScalarsOfTheManifestSteps() {
        Action manifest = loaded.workflow().action("docker_manifest").orElseThrow();
        assertThat(manifest.configuration().steps()).extracting(Step::run).containsExactly(
                "AWS_ACCOUNT_ID=`aws sts get-caller-identity --query \"Account\" --output text`",
                "aws ecr get-login-password | docker login --username AWS --password-stdin " + ECR,
                "docker manifest create " + ECR + "/$IMAGE_REPO_NAME " + ECR + "/$IMAGE_REPO_NAME:$IMAGE_TAG_ARM64 "
                        + ECR + "/$IMAGE_REPO_NAME:$IMAGE_TAG_AMD64",
                "docker manifest annotate --arch amd64 " + ECR + "/$IMAGE_REPO_NAME " + ECR
                        + "/$IMAGE_REPO_NAME:$IMAGE_TAG_AMD64",
                "docker manifest annotate --arch arm64 " + ECR + "/$IMAGE_REPO_NAME " + ECR
                        + "/$IMAGE_REPO_NAME:$IMAGE_TAG_ARM64",
                "docker manifest push " + ECR + "/$IMAGE_REPO_NAME");
    }

    @Test
    void placesTheStepsOfTheManifestAction() {
        var map = loaded.sourceMap();
        String step = "/Actions/docker_manifest/Configuration/Steps/2/Run";
        assertThat(map.keyOf(step)).extracting(p -> p.line() + ":" + p.column()).isEqualTo("93:11");
        assertThat(map.valueOf(step)).extracting(p -> p.line() + ":" + p.column()).isEqualTo("93:16");
        assertThat(map.valueOf("/Actions/docker_manifest/DependsOn/1"))
                .extracting(p -> p.line() + ":" + p.column()).isEqualTo("67:9");
    }
}
