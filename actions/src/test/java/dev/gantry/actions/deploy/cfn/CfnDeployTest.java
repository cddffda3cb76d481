package dev.gantry.actions.deploy.cfn;

import dev.gantry.actions.aws.MotoServer;
import dev.gantry.actions.deploy.TaskHarness;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.run.ActionFailure;
import dev.gantry.engine.run.ActionWork;
import dev.gantry.engine.run.StepsResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.gantry.actions.deploy.TaskHarness.action;
import static dev.gantry.actions.deploy.TaskHarness.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** aws/cfn-deploy against a real moto_server: change set, execution, events, outputs, and the failures. */
class CfnDeployTest {
    static final String TEMPLATE = """
            AWSTemplateFormatVersion: '2010-09-09'
            Parameters:
              BucketName: {Type: String}
            Resources:
              Site:
                Type: AWS::S3::Bucket
                Properties: {BucketName: !Ref BucketName}
            Outputs:
              SiteBucket: {Value: !Ref Site}
            """;
    private static MotoServer moto;
    private static CloudFormationClient cfn;
    private static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        moto = MotoServer.start();
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t"));
        cfn = CloudFormationClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create(moto.endpoint()))
                .credentialsProvider(creds).build();
        s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(URI.create(moto.endpoint()))
                .forcePathStyle(true).credentialsProvider(creds).build();
    }

    @AfterAll
    static void stop() {
        cfn.close();
        s3.close();
        moto.close();
    }

    private static Action deploy(String stack, Map<String, Object> more) {
        Map<String, Object> p = new LinkedHashMap<>(Map.of("name", stack, "template", "infra/template.yaml"));
        p.putAll(more);
        return action("Deploy", "aws/cfn-deploy@v1", p);
    }

    private static Path source(Path tmp, String template) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/infra")).getParent();
        Files.writeString(src.resolve("infra/template.yaml"), template);
        return src;
    }

    @Test
    void aNewStackIsCreatedThroughAChangeSetAndItsOutputsBecomeVariables(@TempDir Path tmp) throws Exception {
        Action a = deploy("web", Map.of("parameter-overrides", "BucketName=web-bucket-1"));
        TaskHarness h = new TaskHarness(source(tmp, TEMPLATE), moto.endpoint());
        StepsResult r = h.run(a, task(CfnDeploy.plan(a, 50)));

        Stack stack = cfn.describeStacks(b -> b.stackName("web")).stacks().get(0);
        assertThat(stack.stackStatusAsString()).isEqualTo("CREATE_COMPLETE");
        assertThat(s3.listBuckets().buckets()).anyMatch(b -> b.name().equals("web-bucket-1"));
        assertThat(r.outputs()).containsEntry("stack-id", stack.stackId()).containsEntry("region", "us-east-1")
                .containsEntry("deployment-platform", "AWS:CloudFormation");
        assertThat(h.log).anyMatch(l -> l.startsWith("creating change set gantry-") && l.contains("(CREATE)"))
                .anyMatch(l -> l.contains("web AWS::CloudFormation::Stack CREATE_COMPLETE"))
                .contains("stack web is CREATE_COMPLETE");
    }

    /**
     * moto computes a stack's Outputs when the stack is made with CreateStack, not when a change set creates or
     * updates it (real CloudFormation does both); so the stack is made here with CreateStack, and the action's
     * (empty) change set run reads the outputs DescribeStacks reports, as it does after any deployment.
     */
    @Test
    void theStacksOutputsBecomeOutputVariables(@TempDir Path tmp) throws Exception {
        cfn.createStack(b -> b.stackName("outs").templateBody(TEMPLATE).parameters(p -> p
                .parameterKey("BucketName").parameterValue("outs-bucket")));
        Action a = deploy("outs", Map.of("parameter-overrides", "BucketName=outs-bucket",
                "fail-on-empty-changeset", "0"));
        TaskHarness h = new TaskHarness(source(tmp, TEMPLATE), moto.endpoint());
        assertThat(h.run(a, task(CfnDeploy.plan(a, 50))).outputs()).containsEntry("SiteBucket", "outs-bucket")
                .containsKeys("stack-id", "region", "deployment-platform");
        assertThat(h.log).contains("output SiteBucket = outs-bucket");
    }

    @Test
    void anExistingStackIsUpdatedAndAnEmptyChangeSetFailsUnlessAllowed(@TempDir Path tmp) throws Exception {
        Path src = source(tmp, TEMPLATE);
        Action first = deploy("upd", Map.of("parameter-overrides", "BucketName=upd-1"));
        new TaskHarness(src, moto.endpoint()).run(first, task(CfnDeploy.plan(first, 50)));

        Action changed = deploy("upd", Map.of("parameter-overrides", "BucketName=upd-2"));
        TaskHarness h = new TaskHarness(src, moto.endpoint());
        assertThat(h.run(changed, task(CfnDeploy.plan(changed, 50))).succeeded()).isTrue();
        assertThat(s3.listBuckets().buckets()).anyMatch(b -> b.name().equals("upd-2"));
        assertThat(h.log).anyMatch(l -> l.contains("(UPDATE)"));
        assertThat(cfn.describeStacks(b -> b.stackName("upd")).stacks().get(0).stackStatusAsString())
                .isEqualTo("UPDATE_COMPLETE");

        TaskHarness again = new TaskHarness(src, moto.endpoint());
        assertThatThrownBy(() -> again.run(changed, task(CfnDeploy.plan(changed, 50))))
                .isInstanceOf(ActionFailure.class).hasMessageStartingWith("no changes to deploy: ")
                .hasMessageEndingWith("(set fail-on-empty-changeset: '0' to accept)");
        Action tolerant = deploy("upd", Map.of("parameter-overrides", "BucketName=upd-2",
                "no-fail-on-empty-changeset", "1"));
        TaskHarness ok = new TaskHarness(src, moto.endpoint());
        assertThat(ok.run(tolerant, task(CfnDeploy.plan(tolerant, 50))).succeeded()).isTrue();
        assertThat(ok.log).anyMatch(l -> l.startsWith("no changes to deploy"));
    }

    @Test
    void noExecuteChangesetLeavesTheChangeSetForReview(@TempDir Path tmp) throws Exception {
        Action a = deploy("review", Map.of("parameter-overrides", "BucketName=review-1",
                "no-execute-changeset", "1"));
        StepsResult r = new TaskHarness(source(tmp, TEMPLATE), moto.endpoint()).run(a, task(CfnDeploy.plan(a, 50)));
        assertThat(r.outputs()).containsKey("change-set-id");
        assertThat(cfn.describeStacks(b -> b.stackName("review")).stacks().get(0).stackStatusAsString())
                .isEqualTo("REVIEW_IN_PROGRESS");
        assertThat(s3.listBuckets().buckets()).noneMatch(b -> b.name().equals("review-1"));
    }

    @Test
    void parameterOverridesFromAJsonFile(@TempDir Path tmp) throws Exception {
        Path src = source(tmp, TEMPLATE);
        Files.writeString(src.resolve("infra/params.json"),
                "[{\"ParameterKey\": \"BucketName\", \"ParameterValue\": \"from-file\"}]");
        Action a = deploy("jsonparams", Map.of("parameter-overrides", "infra/params.json"));
        assertThat(new TaskHarness(src, moto.endpoint()).run(a, task(CfnDeploy.plan(a, 50))).succeeded()).isTrue();
        assertThat(s3.listBuckets().buckets()).anyMatch(b -> b.name().equals("from-file"));
    }

    @Test
    void aTemplateErrorFailsWithCloudFormationsMessage(@TempDir Path tmp) throws Exception {
        Action a = deploy("broken", Map.of());
        TaskHarness h = new TaskHarness(source(tmp, "Resources: [not, a, map"), moto.endpoint());
        assertThatThrownBy(() -> h.run(a, task(CfnDeploy.plan(a, 50)))).isInstanceOf(ActionFailure.class);
        assertThat(h.log).anyMatch(l -> l.startsWith("##[error] "));
    }

    @Test
    void aResourceThatCannotBeCreatedFailsTheDeployInCloudFormationsWords(@TempDir Path tmp) throws Exception {
        s3.createBucket(b -> b.bucket("taken-bucket"));
        Action a = deploy("clash", Map.of("parameter-overrides", "BucketName=taken-bucket"));
        TaskHarness h = new TaskHarness(source(tmp, TEMPLATE), moto.endpoint());
        assertThatThrownBy(() -> h.run(a, task(CfnDeploy.plan(a, 50)))).isInstanceOf(ActionFailure.class)
                .hasMessageContaining("BucketAlreadyExists");
        assertThat(h.log).anyMatch(l -> l.startsWith("##[error] ") && l.contains("BucketAlreadyExists"));
    }

    @Test
    void aMissingTemplateFailsNamingIt(@TempDir Path tmp) throws Exception {
        Action a = action("Deploy", "aws/cfn-deploy@v1", Map.of("name", "x", "template", "nope.yaml"));
        assertThatThrownBy(() -> new TaskHarness(Files.createDirectories(tmp.resolve("src")), moto.endpoint())
                .run(a, task(CfnDeploy.plan(a, 50))))
                .hasMessage("template 'nope.yaml' does not exist (looked for nope.yaml)");
    }

    @Test
    void requiredPropertiesAndUnknownCapabilitiesAreRefusedAtPlanTime() {
        assertThat(CfnDeploy.plan(action("D", "aws/cfn-deploy@v1", Map.of("template", "t.yaml"))))
                .isEqualTo(new ActionWork.Invalid("name", "input parameter 'name' is required for action 'D'"));
        assertThat(CfnDeploy.plan(action("D", "aws/cfn-deploy@v1", Map.of("name", "s", "template", "t.yaml",
                "capabilities", "CAPABILITY_IAM, CAPABILITY_EVERYTHING")))).isInstanceOf(ActionWork.Invalid.class);
        assertThat(CfnDeploy.plan(action("D", "aws/cfn-deploy@v1", Map.of("Parameters",
                Map.of("name", "s", "template", "t.yaml"))))).isInstanceOf(ActionWork.RunTask.class);
    }
}
