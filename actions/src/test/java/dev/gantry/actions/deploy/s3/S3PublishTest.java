package dev.gantry.actions.deploy.s3;

import dev.gantry.actions.aws.MotoServer;
import dev.gantry.actions.deploy.TaskHarness;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.run.ActionFailure;
import dev.gantry.engine.run.ActionWork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.gantry.actions.deploy.TaskHarness.action;
import static dev.gantry.actions.deploy.TaskHarness.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** aws/s3-publish against a real moto_server: the objects, their content types, the log, and the failures. */
class S3PublishTest {
    private static MotoServer moto;
    private static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        moto = MotoServer.start();
        s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(URI.create(moto.endpoint()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t"))).build();
    }

    @AfterAll
    static void stop() {
        s3.close();
        moto.close();
    }

    @Test
    void aFolderIsPublishedUnderTheTargetPathWithContentTypes(@TempDir Path tmp) throws Exception {
        s3.createBucket(b -> b.bucket("site"));
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.createDirectories(src.resolve("dist/assets"));
        Files.writeString(src.resolve("dist/index.html"), "<h1>hi</h1>");
        Files.writeString(src.resolve("dist/assets/app.js"), "console.log(1)");
        Action a = action("Publish", "aws/s3-publish@v1", Map.of("SourcePath", "dist",
                "DestinationBucketName", "site", "TargetPath", "web/"));
        TaskHarness h = new TaskHarness(src, moto.endpoint());
        assertThat(h.run(a, task(S3Publish.plan(a))).succeeded()).isTrue();

        assertThat(s3.getObjectAsBytes(b -> b.bucket("site").key("web/index.html")).asUtf8String())
                .isEqualTo("<h1>hi</h1>");
        assertThat(s3.headObject(b -> b.bucket("site").key("web/index.html")).contentType()).isEqualTo("text/html");
        assertThat(s3.headObject(b -> b.bucket("site").key("web/assets/app.js")).contentType())
                .isEqualTo("application/javascript");
        assertThat(h.log).contains("upload: dist/assets/app.js to s3://site/web/assets/app.js (application/javascript)")
                .anyMatch(l -> l.startsWith("published 2 files"));
    }

    @Test
    void anArtifactPathAsTheServiceWritesItIsTheInputArtifact(@TempDir Path tmp) throws Exception {
        s3.createBucket(b -> b.bucket("art"));
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path artifact = Files.createDirectories(tmp.resolve("artifacts/build"));
        Files.writeString(artifact.resolve("report.txt"), "ok");
        Action a = action("Publish", "aws/s3-publish@v1", Map.of("SourcePath", "/artifacts/Publish/build/",
                "DestinationBucketName", "art"));
        TaskHarness h = new TaskHarness(src, moto.endpoint()).input("build", artifact);
        assertThat(h.run(a, task(S3Publish.plan(a))).succeeded()).isTrue();
        assertThat(s3.getObjectAsBytes(b -> b.bucket("art").key("report.txt")).asUtf8String()).isEqualTo("ok");
    }

    @Test
    void aMissingBucketFailsWithTheServiceError(@TempDir Path tmp) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("a.txt"), "a");
        Action a = action("Publish", "aws/s3-publish@v1", Map.of("SourcePath", "a.txt",
                "DestinationBucketName", "no-such-bucket"));
        TaskHarness h = new TaskHarness(src, moto.endpoint());
        assertThatThrownBy(() -> h.run(a, task(S3Publish.plan(a)))).isInstanceOf(ActionFailure.class)
                .hasMessage("NoSuchBucket: The specified bucket does not exist");
        assertThat(h.log).anyMatch(l -> l.startsWith("##[error]"));
    }

    @Test
    void aMissingSourceFailsNamingIt(@TempDir Path tmp) throws Exception {
        s3.createBucket(b -> b.bucket("empty"));
        Path src = Files.createDirectories(tmp.resolve("src"));
        Action a = action("Publish", "aws/s3-publish@v1", Map.of("SourcePath", "build/out",
                "DestinationBucketName", "empty"));
        assertThatThrownBy(() -> new TaskHarness(src, moto.endpoint()).run(a, task(S3Publish.plan(a))))
                .isInstanceOf(ActionFailure.class)
                .hasMessage("SourcePath 'build/out' does not exist (looked for build/out)");
        assertThat(s3.listObjectsV2(b -> b.bucket("empty")).contents()).isEmpty();
    }

    @Test
    void requiredPropertiesAndWildcardsAreRefusedAtPlanTime() {
        assertThat(S3Publish.plan(action("P", "aws/s3-publish@v1", Map.of("SourcePath", "x"))))
                .isEqualTo(new ActionWork.Invalid("DestinationBucketName",
                        "input parameter 'DestinationBucketName' is required for action 'P'"));
        assertThat(S3Publish.plan(action("P", "aws/s3-publish@v1", Map.of("SourcePath", "dist/*.js",
                "DestinationBucketName", "b")))).isInstanceOf(ActionWork.Invalid.class);
    }
}
