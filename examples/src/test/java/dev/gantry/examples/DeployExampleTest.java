package dev.gantry.examples;

import dev.gantry.actions.aws.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code examples/deploy-static-site} as its README says, as a separate process with only the AWS variables
 * pointing at a real moto_server: build, cfn-deploy, s3-publish, and the check step with the real AWS CLI.
 */
class DeployExampleTest {
    private static MotoServer moto;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        moto = MotoServer.start();
    }

    @AfterAll
    static void stop() {
        moto.close();
    }

    @Test
    void theSiteIsDeployedPublishedAndChecked() throws Exception {
        Path example = QuickstartTest.copy(Path.of("deploy-static-site"), tmp.resolve("site"));
        ExampleProcess.Result r = ExampleProcess.run(example, tmp, moto.endpoint(), java.util.Map.of(), "run", "deploy",
                "--concurrency", "2");
        assertThat(r.exitCode()).as(r.out()).isZero();

        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t"));
        try (CloudFormationClient cfn = CloudFormationClient.builder().region(Region.US_EAST_1)
                .endpointOverride(URI.create(moto.endpoint())).credentialsProvider(creds).build();
             S3Client s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(URI.create(moto.endpoint()))
                     .forcePathStyle(true).credentialsProvider(creds).build()) {
            String stackId = cfn.describeStacks(b -> b.stackName("gantry-static-site")).stacks().get(0).stackId();
            assertThat(s3.getObjectAsBytes(b -> b.bucket("gantry-static-site-demo").key("web/index.html"))
                    .asUtf8String()).contains("Deployed by Gantry");
            assertThat(s3.headObject(b -> b.bucket("gantry-static-site-demo").key("web/index.html")).contentType())
                    .isEqualTo("text/html");
            assertThat(r.lines()).contains("Infra | stack gantry-static-site is CREATE_COMPLETE")
                    .contains("Publish | upload: dist/index.html to s3://gantry-static-site-demo/web/index.html")
                    .contains("Check | <h1>Deployed by Gantry</h1>")
                    .contains("Check | published by stack " + stackId);
        }
    }
}
