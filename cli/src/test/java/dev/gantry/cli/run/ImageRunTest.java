package dev.gantry.cli.run;

import dev.gantry.runners.docker.DockerCli;
import dev.gantry.runners.testing.RealDocker;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code gantry run} of actions in the image they declare, on the real Docker engine (tag {@code docker}:
 * {@code mvn -Psystem-tests}): {@code Packages} read by npm inside the image, and {@code --keep}, which leaves the
 * container for debugging with no secret in {@code docker inspect} or in its files.
 */
@Tag("docker")
class ImageRunTest {
    @TempDir
    Path dir;

    /** Outside the repository: gantry.yaml. */
    @TempDir
    Path outside;

    @Test
    void packagesReachNpmInTheImageAndKeepLeavesAContainerWithoutTheToken() throws Exception {
        DockerCli docker = RealDocker.engineOrSkip();
        String image = RealDocker.npmImageOrSkip(docker);
        String all = PackagesRunTest.runAndCheck(dir, outside, PackagesRunTest.WORKFLOW.formatted(
                "Container: {Registry: DockerHub, Image: \"" + image + "\"}"), "--keep");
        Matcher m = Pattern.compile("\\(run (\\S+), 1 action\\)").matcher(all);
        assertThat(m.find()).as(all).isTrue();
        String label = "dev.gantry.run=" + m.group(1);
        List<String> kept = RealDocker.containersLabelled(docker, label);
        try {
            assertThat(kept).as("the container kept by --keep").hasSize(1);
            assertThat(all).contains("container " + kept.get(0) + " is kept (--keep)",
                    "remove them with docker rm -f $(docker ps -aq --filter label=" + label + ")");
            DockerCli.Result inspect = docker.run(null, List.of("inspect", "--format",
                    "{{.Config.Image}} {{json .Config.Env}} {{json .Path}} {{json .Args}} {{json .Config.Labels}} "
                            + "{{json .Mounts}}", kept.get(0)));
            assertThat(inspect.ok()).as(inspect.output()).isTrue();
            String imageId = docker.run(null, List.of("image", "inspect", "--format", "{{.Id}}", image)).output()
                    .trim();
            assertThat(inspect.output()).as("it ran in the image").startsWith(imageId + " ")
                    .doesNotContain("npm_s3cr3t_");
            DockerCli.Result whole = docker.run(null, List.of("inspect", kept.get(0)));
            assertThat(whole.output()).doesNotContain("npm_s3cr3t_");
            Process export = new ProcessBuilder("bash", "-c", "docker export " + kept.get(0)
                    + " | grep -caF npm_s3cr3t_ || true").redirectErrorStream(true).start();
            String count = new String(export.getInputStream().readAllBytes()).trim();
            export.waitFor();
            assertThat(count).as("files in the kept container holding the token").isEqualTo("0");
        } finally {
            kept.forEach(c -> docker.run(null, List.of("rm", "-f", c)));
        }
    }
}
