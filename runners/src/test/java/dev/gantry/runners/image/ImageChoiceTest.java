package dev.gantry.runners.image;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Configuration;
import dev.gantry.engine.model.Container;
import dev.gantry.engine.model.Inputs;
import dev.gantry.engine.model.Outputs;
import dev.gantry.engine.run.RunnerLabels;
import dev.gantry.runners.docker.DockerCli;
import dev.gantry.runners.local.LocalRunner;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which image an action gets, and the plan-time error without a Docker engine (no engine needed). */
class ImageChoiceTest {
    static Action action(String identifier, Container container) {
        return new Action("Build", null, identifier, List.of(), null, null, null, Map.of(), Inputs.NONE,
                Outputs.NONE, new Configuration(List.of(), container, Map.of()));
    }

    @Test
    void containerIsHonouredAndCuratedNamesAreMapped() {
        ImageSettings defaults = ImageSettings.defaults();
        assertThat(ActionImages.requestFor(action("aws/build@v1", new Container("DockerHub", "node:18")), "amd64",
                defaults)).get().extracting(ImageRequest::reference).isEqualTo("node:18");
        assertThat(ActionImages.requestFor(action("aws/build@v1",
                new Container("CODECATALYST", "CodeCatalystLinux_x86_64:2024_03")), "amd64", defaults)).get()
                .extracting(ImageRequest::reference).isEqualTo(CuratedImages.AWS_RUNNER_IMAGE);
        assertThat(ActionImages.requestFor(action("aws/build@v1", null), "amd64", defaults)).isEmpty();
        assertThat(ActionImages.requestFor(action("aws/build@v1", new Container("DockerHub", "node:18")), "amd64",
                new ImageSettings(CuratedImages.defaults(), ImagePolicy.HOST, true))).isEmpty();
    }

    @Test
    void theServicesChoiceFollowsTheReference() {
        assertThat(CuratedImages.serviceChoice("aws/build@v1", "amd64")).isEqualTo("CodeCatalystLinux_x86_64:2022_11");
        assertThat(CuratedImages.serviceChoice("aws/managed-test@v1", "arm64"))
                .isEqualTo("CodeCatalystLinux_Arm64:2022_11");
        assertThat(CuratedImages.serviceChoice("aws/cdk-deploy@v2", "amd64"))
                .isEqualTo("CodeCatalystLinux_x86_64:2024_03");
        assertThat(CuratedImages.serviceChoice("aws/cdk-deploy@v1", "amd64"))
                .isEqualTo("CodeCatalystLinux_x86_64:2022_11");
    }

    @Test
    void withoutADockerEngineAnActionWithAnImageIsAPlanTimeErrorNamingTheWaysOut() {
        DockerCli noDocker = new DockerCli(Map.of("PATH", "/nonexistent"), Duration.ofSeconds(5));
        ImageRunner runner = new ImageRunner(LocalRunner.create("local", RunnerLabels.of("amd64"), 1,
                Duration.ofSeconds(1)), new ActionImages(ImageSettings.defaults(), noDocker, new SdkEcrLogin()),
                noDocker, Duration.ofSeconds(1));

        assertThat(runner.problem("Build", action("aws/build@v1", new Container("DockerHub", "node:18"))))
                .contains("action Build runs in image node:18 (Configuration.Container), but the docker command is "
                        + "not installed (not on PATH): start Docker, or run with --host to run it on this machine "
                        + "anyway");
        assertThat(runner.problem("Build", action("aws/build@v1", null))).isEmpty();
        assertThat(runner.placement(action("aws/build@v1", null)).describe()).isEqualTo("host (linux/amd64)");
        assertThat(runner.placement(action("aws/build@v1", new Container("DockerHub", "node:18"))).describe())
                .isEqualTo("image node:18 [not pulled yet] (linux/amd64)");
    }

    @Test
    void theArm64DefaultsSayHowToBuildThemAndWhyThatNeedsTheNetwork() {
        String arm = CuratedImages.defaults().imageOf("CodeCatalystLinux_Arm64:2024_03").orElseThrow();
        assertThat(CuratedImages.buildHint(arm, "linux/arm64", false)).isEqualTo("build it: docker buildx build "
                + "--platform linux/arm64 -t gantry/codecatalyst-linux:2024_03-arm64 --load docs/curated-image (needs "
                + "the network: the tools are downloaded, and its base public.ecr.aws/amazonlinux/amazonlinux:2 is "
                + "not on this engine for linux/arm64; or map the curated name to another image in gantry.yaml "
                + "images.curated)");
        assertThat(CuratedImages.buildHint(arm, "linux/arm64", true)).contains("(needs the network: the tools are "
                + "downloaded; or map");
        assertThat(CuratedImages.buildHint(CuratedImages.AWS_RUNNER_IMAGE, "linux/amd64", false)).isNull();
    }
}
