package dev.gantry.actions.deploy.s3;

import dev.gantry.actions.aws.MotoServer;
import dev.gantry.actions.deploy.TaskHarness;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.run.ActionFailure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.gantry.actions.deploy.TaskHarness.action;
import static dev.gantry.actions.deploy.TaskHarness.task;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A deploy action whose credentials are not allowed to do its work: moto enforcing IAM says so in S3's words. */
class S3PublishDeniedTest {
    private static MotoServer moto;
    private static MotoServer.AccessKey key;

    @BeforeAll
    static void start() throws Exception {
        moto = MotoServer.startEnforcingIam(3);
        key = moto.createUserAllowedToAssume("deployer", "arn:aws:iam::123456789012:role/Other");
    }

    @AfterAll
    static void stop() {
        moto.close();
    }

    @Test
    void credentialsWithoutS3PermissionsFailWithAccessDenied(@TempDir Path tmp) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("a.txt"), "a");
        Action a = action("Publish", "aws/s3-publish@v1", Map.of("SourcePath", "a.txt",
                "DestinationBucketName", "site"));
        TaskHarness h = new TaskHarness(src, moto.endpoint()).env("AWS_ACCESS_KEY_ID", key.id())
                .env("AWS_SECRET_ACCESS_KEY", key.secret());
        assertThatThrownBy(() -> h.run(a, task(S3Publish.plan(a)))).isInstanceOf(ActionFailure.class)
                .hasMessageStartingWith("AccessDenied");
    }
}
