package dev.gantry.runners.image;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Configuration;
import dev.gantry.engine.model.Container;
import dev.gantry.engine.run.Cancellation;
import dev.gantry.engine.run.RunnerLabels;
import dev.gantry.engine.run.StepsJob;
import dev.gantry.engine.run.StepsResult;
import dev.gantry.runners.docker.DockerCli;
import dev.gantry.runners.local.LocalRunner;
import dev.gantry.runners.testing.RealDocker;
import dev.gantry.runners.testing.RecordingEvents;
import dev.gantry.runners.testing.SampleJobs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An action's private ECR image, pulled with the credentials of its environment: the token comes from a real
 * {@code moto_server} (started here on a free port; its ECR answers {@code GetAuthorizationToken} with
 * {@code AWS:<account>-auth-token}) and the image from the e2e suite's registry standing in for ECR
 * ({@code 123456789012.dkr.ecr.us-west-2.amazonaws.com} on 127.0.0.1, password {@code 123456789012-auth-token}).
 */
@Tag("docker")
class EcrImageTest {
    static final String REGISTRY = "123456789012.dkr.ecr.us-west-2.amazonaws.com";
    static DockerCli docker;
    static Process moto;
    static int motoPort;
    static String image;

    /** moto's log and the pushing client's configuration: removed by JUnit after the class. */
    @TempDir
    static Path classTmp;

    @TempDir
    Path tmp;

    @BeforeAll
    static void standIns() throws Exception {
        docker = RealDocker.engineOrSkip();
        try (Socket s = new Socket("127.0.0.1", 443)) {
            s.isConnected();
        } catch (IOException e) {
            String msg = "SKIPPED: the ECR stand-in (e2e/setup-offline.sh) does not answer on 127.0.0.1:443";
            System.err.println("\n********** " + msg + " **********\n");
            Assumptions.abort(msg);
        }
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            motoPort = s.getLocalPort();
        }
        moto = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(motoPort))
                .redirectErrorStream(true).redirectOutput(classTmp.resolve("moto.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try (Socket s = new Socket("127.0.0.1", motoPort)) {
                break;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("moto_server did not start on port " + motoPort);
                }
                Thread.sleep(200);
            }
        }
        // Push a local image to the stand-in with a private client configuration, then forget it locally.
        image = REGISTRY + "/gantry-image-test:" + UUID.randomUUID().toString().substring(0, 8);
        Path config = Files.createDirectory(classTmp.resolve("push-config"));
        Files.writeString(config.resolve("config.json"), "{\"auths\":{\"" + REGISTRY + "\":{\"auth\":\""
                + Base64.getEncoder().encodeToString("AWS:123456789012-auth-token".getBytes(StandardCharsets.UTF_8))
                + "\"}}}");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("DOCKER_CONFIG", config.toString());
        DockerCli pusher = new DockerCli(env, Duration.ofMinutes(5));
        assertThat(pusher.run(null, List.of("tag", RealDocker.BASH_IMAGE, image)).ok()).isTrue();
        DockerCli.Result push = pusher.run(null, List.of("push", image));
        assertThat(push.ok()).as(push.output()).isTrue();
        assertThat(docker.run(null, List.of("rmi", image)).ok()).isTrue();
    }

    @AfterAll
    static void stop() throws Exception {
        if (moto != null) {
            moto.destroy();
            moto.waitFor();
        }
        if (image != null) {
            docker.run(null, List.of("rmi", image));
        }
    }

    StepsJob job(Map<String, String> env) throws Exception {
        StepsJob j = SampleJobs.build(tmp, List.of("echo \"in $IMAGE_ONLY image\""), List.of(), env, List.of());
        Action a = j.action();
        Action withImage = new Action(a.name(), a.group(), a.identifier(), a.dependsOn(), a.compute(),
                a.timeoutMinutes(), a.environment(), a.caches(), a.inputs(), a.outputs(),
                new Configuration(List.of(), new Container("ECR", image), Map.of()));
        return new StepsJob(j.actionId(), withImage, j.steps(), j.environment(), j.pathVariables(), j.workspace(),
                j.workingDirectory(), j.outputVariables(), j.scratchDirectory());
    }

    ImageRunner runner(String name) {
        return new ImageRunner(LocalRunner.create(name, RunnerLabels.of("amd64"), 1, Duration.ofSeconds(1)),
                new ActionImages(ImageSettings.defaults(), docker, new SdkEcrLogin()), docker, Duration.ofSeconds(1));
    }

    @Test
    void anEcrImageIsPulledWithTheActionsCredentials() throws Exception {
        RecordingEvents noCredentials = new RecordingEvents();
        try (ImageRunner r = runner("ecr-" + UUID.randomUUID())) {
            StepsResult refused = r.runSteps(job(Map.of()), noCredentials, new Cancellation());
            assertThat(refused.succeeded()).isFalse();
            assertThat(refused.message()).contains("cannot pull from ECR registry " + REGISTRY
                    + ": the action has no AWS credentials");
        }

        RecordingEvents events = new RecordingEvents();
        Map<String, String> credentials = Map.of("AWS_ACCESS_KEY_ID", "AKIAGANTRYTEST", "AWS_SECRET_ACCESS_KEY",
                "test-secret", "AWS_ENDPOINT_URL", "http://127.0.0.1:" + motoPort);
        try (ImageRunner r = runner("ecr-" + UUID.randomUUID())) {
            StepsResult pulled = r.runSteps(job(credentials), events, new Cancellation());
            assertThat(pulled.succeeded()).as(events.all + " " + pulled.message()).isTrue();
        }
        assertThat(events.lines()).contains("in from-image image");
        assertThat(docker.run(null, List.of("image", "inspect", image)).ok()).isTrue();
    }
}
