package dev.gantry.actions.deploy.cdk;

import dev.gantry.actions.aws.MotoServer;
import dev.gantry.actions.deploy.TaskHarness;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.run.ActionFailure;
import dev.gantry.engine.run.ActionWork;
import dev.gantry.engine.run.StepsResult;
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
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static dev.gantry.actions.deploy.TaskHarness.action;
import static dev.gantry.actions.deploy.TaskHarness.task;
import static dev.gantry.actions.deploy.TaskHarness.works;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The CDK actions with the real CDK CLI (installed by the action with npm into a cache under target/) against a
 * real moto_server: synth, bootstrap and deploy of a small app (examples/cdk-app/cdk). Skipped, with the
 * reason, where node/npm are missing or the npm registry cannot be reached.
 */
class CdkActionTest {
    static final String VERSION = "2.1149.0";
    private static final Path CACHE = Path.of("target", "cdk-cache").toAbsolutePath();
    /** The example CDK app (examples/cdk-app/cdk). */
    static final Path APP = Path.of("..", "examples", "cdk-app", "cdk");
    private static MotoServer moto;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(works("node", "--version"), "node is not installed: the CDK actions need Node.js");
        Assumptions.assumeTrue(Files.isDirectory(CACHE.resolve("gantry/cdk/" + VERSION))
                        || works("npm", "view", "aws-cdk@" + VERSION, "version"),
                "npm cannot reach the registry to install aws-cdk@" + VERSION + " (and it is not cached)");
        moto = MotoServer.start();
    }

    @AfterAll
    static void stop() {
        if (moto != null) {
            moto.close();
        }
    }


    private static Path app(Path tmp) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/infra"));
        try (Stream<Path> files = Files.list(APP)) {
            for (Path f : files.toList()) {
                Files.copy(f, src.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return src.getParent();
    }

    private static Action cdk(String identifier, Map<String, Object> more) {
        Map<String, Object> p = new LinkedHashMap<>(Map.of("CdkCliVersion", VERSION, "CdkRootPath", "infra",
                "Region", "us-east-1"));
        p.putAll(more);
        return action("Cdk", identifier, p);
    }

    private TaskHarness harness(Path src) {
        return new TaskHarness(src, moto.endpoint()).env("XDG_CACHE_HOME", CACHE.toString())
                .env("AWS_EC2_METADATA_DISABLED", "true");
    }

    @Test
    void synthRunsTheRealCliWithTheContext(@TempDir Path tmp) throws Exception {
        Action a = cdk("aws/cdk-deploy@v2", Map.of("StackName", "GantryCdkDemo",
                "Context", "{\"bucketName\": \"synth-bucket\"}"));
        TaskHarness h = harness(app(tmp));
        assertThat(h.run(a, task(CdkAction.plan(a, CdkAction.Kind.SYNTH))).succeeded()).isTrue();
        assertThat(h.log).contains("$ cdk synth GantryCdkDemo --context bucketName=synth-bucket")
                .contains("      BucketName: synth-bucket");
    }

    @Test
    void bootstrapAndDeployCreateTheStacksInMoto(@TempDir Path tmp) throws Exception {
        Path src = app(tmp);
        Action boot = cdk("aws/cdk-bootstrap@v2", Map.of());
        TaskHarness b = harness(src);
        assertThat(b.run(boot, task(CdkAction.bootstrap(boot))).succeeded()).isTrue();
        assertThat(b.log).contains("$ cdk bootstrap aws://123456789012/us-east-1");

        Action deploy = cdk("aws/cdk-deploy@v1", Map.of("StackName", "DeployedDemo",
                "Context", "{\"bucketName\": \"cdk-deployed\", \"stackName\": \"DeployedDemo\"}",
                "Tags", "{\"team\": \"web\"}", "CfnOutputVariables", "[\"SiteBucket\"]"));
        TaskHarness d = harness(src);
        StepsResult r = d.run(deploy, task(CdkAction.deploy(deploy)));
        assertThat(r.outputs()).containsEntry("region", "us-east-1")
                .containsEntry("deployment-platform", "AWS:CloudFormation");
        try (CloudFormationClient cfn = CloudFormationClient.builder().region(Region.US_EAST_1)
                .endpointOverride(URI.create(moto.endpoint()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t"))).build()) {
            assertThat(cfn.describeStacks(s -> s.stackName("CDKToolkit")).stacks().get(0).stackStatusAsString())
                    .isEqualTo("CREATE_COMPLETE");
            var stack = cfn.describeStacks(s -> s.stackName("DeployedDemo")).stacks().get(0);
            assertThat(stack.stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
            assertThat(stack.tags()).anyMatch(t -> t.key().equals("team") && t.value().equals("web"));
        }
        // moto does not compute the Outputs of a stack a change set made, so the CLI's outputs file has none here
        assertThat(d.log).anyMatch(l -> l.startsWith("$ cdk deploy DeployedDemo --require-approval never"))
                .contains("CfnOutputVariables: stack DeployedDemo has no output 'SiteBucket'");
    }

    @Test
    void aFailingAppFailsTheActionWithTheCliStatus(@TempDir Path tmp) throws Exception {
        Path src = app(tmp);
        Files.writeString(src.resolve("infra/app.js"), "console.error('boom in the app'); process.exit(2);\n");
        Action a = cdk("aws/cdk-deploy@v2", Map.of("StackName", "X"));
        TaskHarness h = harness(src);
        assertThatThrownBy(() -> h.run(a, task(CdkAction.deploy(a)))).isInstanceOf(ActionFailure.class)
                .hasMessageStartingWith("cdk deploy failed: exitcode '");
        assertThat(h.log).anyMatch(l -> l.contains("boom in the app"));
    }

    @Test
    void badPropertiesAreRefusedAtPlanTime() {
        assertThat(CdkAction.deploy(action("C", "aws/cdk-deploy@v2", Map.of())))
                .isEqualTo(new ActionWork.Invalid("StackName", "input parameter 'StackName' is required for action 'C'"));
        assertThat(CdkAction.deploy(action("C", "aws/cdk-deploy@v2", Map.of("StackName", "s",
                "CdkCliVersion", "; rm -rf /")))).isInstanceOf(ActionWork.Invalid.class);
        assertThat(CdkAction.deploy(action("C", "aws/cdk-deploy@v2", Map.of("StackName", "s",
                "Context", "not json")))).isInstanceOf(ActionWork.Invalid.class);
    }
}
