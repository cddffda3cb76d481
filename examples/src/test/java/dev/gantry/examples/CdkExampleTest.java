package dev.gantry.examples;

import dev.gantry.actions.aws.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.gantry.actions.deploy.TaskHarness.works;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code examples/cdk-app} (cdk-bootstrap, cdk-deploy with the real CDK CLI, a check) as its README says,
 * against a real moto_server. The CLI is installed by the action into target/cdk-cache (XDG_CACHE_HOME); skipped,
 * saying why, where node or npm are missing or the registry cannot be reached and nothing is cached.
 */
class CdkExampleTest {
    private static final Path CACHE = Path.of("target", "cdk-cache").toAbsolutePath();
    private static MotoServer moto;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(works("node", "--version"), "node is not installed: the CDK actions need Node.js");
        Assumptions.assumeTrue(Files.isDirectory(CACHE.resolve("gantry/cdk/2.1149.0"))
                || works("npm", "view", "aws-cdk@2.1149.0", "version"), "npm cannot reach the registry");
        moto = MotoServer.start();
    }

    @AfterAll
    static void stop() {
        if (moto != null) {
            moto.close();
        }
    }


    @Test
    void bootstrapDeployAndCheckRunAgainstMoto() throws Exception {
        Path example = QuickstartTest.copy(Path.of("cdk-app"), tmp.resolve("cdk-app"));
        ExampleProcess.Result r = ExampleProcess.run(example, tmp, moto.endpoint(), Map.of(), "run", "cdk-app",
                "--env", "XDG_CACHE_HOME=" + CACHE, "--env", "NODE_EXTRA_CA_CERTS", "--env", "HTTPS_PROXY",
                "--env", "https_proxy");
        assertThat(r.exitCode()).as(r.out()).isZero();
        assertThat(r.lines()).contains("Bootstrap | $ cdk bootstrap aws://123456789012/us-east-1")
                .contains("Deploy | CfnOutputVariables: stack GantryCdkDemo has no output 'SiteBucket'")
                .contains("Check | CREATE_COMPLETE").contains("Check | bucket gantry-cdk-demo-site exists");
        try (CloudFormationClient cfn = CloudFormationClient.builder().region(Region.US_EAST_1)
                .endpointOverride(URI.create(moto.endpoint()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t"))).build()) {
            assertThat(cfn.describeStacks(b -> b.stackName("GantryCdkDemo")).stacks().get(0).tags())
                    .anyMatch(t -> t.key().equals("app") && t.value().equals("gantry-demo"));
        }
    }
}
