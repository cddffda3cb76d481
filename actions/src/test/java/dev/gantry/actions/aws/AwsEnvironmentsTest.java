package dev.gantry.actions.aws;

import dev.gantry.engine.config.ConnectionConfig;
import dev.gantry.engine.config.EnvironmentConfig;
import dev.gantry.engine.config.GantryConfig;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Variable;
import dev.gantry.engine.model.Workflow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.gantry.actions.aws.TestActions.ORIGIN;
import static dev.gantry.actions.aws.TestActions.action;
import static dev.gantry.actions.aws.TestActions.bash;
import static dev.gantry.actions.aws.TestActions.demoConfig;
import static dev.gantry.actions.aws.TestActions.env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against a real moto_server over HTTP: STS AssumeRole and GetCallerIdentity, seen from the SDK and from a step. */
class AwsEnvironmentsTest {
    private static final BaseCredentials TEST_KEYS =
            profile -> StaticCredentialsProvider.create(AwsBasicCredentials.create("base-key", "base-secret"));
    private static final String ROLE = "CodeCatalystPreviewDevelopmentAdministrator";

    private static MotoServer moto;

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoServer.start();
    }

    @AfterAll
    static void stopMoto() {
        moto.close();
    }

    private AwsEnvironments environments(GantryConfig config) {
        return new AwsEnvironments(config, TEST_KEYS, Map.of(), new AwsClients());
    }

    @Test
    void assumesTheConnectionsRoleAndTheStepSeesIt() throws Exception {
        try (AwsEnvironments aws = environments(demoConfig(moto.endpoint()))) {
            AwsStepEnvironment granted = aws.resolve("multiarch",
                    action("docker_build_amd64", env("demo", "development", ROLE)));

            String expected = "arn:aws:sts::123456789012:assumed-role/" + ROLE + "/gantry-multiarch-docker_build_amd64";
            assertThat(granted.identity()).isEqualTo(expected);
            assertThat(aws.callerIdentity(granted)).isEqualTo(expected);
            assertThat(granted.variableNames()).containsExactly("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                    "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL");
            assertThat(granted.variables().get("AWS_ACCESS_KEY_ID")).isNotEqualTo("base-key");
            assertThat(granted.secretValues()).containsExactlyInAnyOrder(granted.variables().get("AWS_ACCESS_KEY_ID"),
                    granted.variables().get("AWS_SECRET_ACCESS_KEY"), granted.variables().get("AWS_SESSION_TOKEN"));
            assertThat(granted.unset()).contains("AWS_PROFILE").doesNotContain("AWS_SESSION_TOKEN");
            assertThat(granted.notice()).isEqualTo("environment 'demo', connection 'development': acting as " + expected);

            // A step: the real aws CLI in real bash, with the injected variables only.
            String arn = bash("aws sts get-caller-identity --query Arn --output text", granted.variables());
            assertThat(arn).isEqualTo(expected);
            assertThat(bash("aws sts get-caller-identity --query Account --output text", granted.variables()))
                    .isEqualTo("123456789012");
        }
    }

    @Test
    void leavesTheRegionVariablesTheActionDeclares() throws Exception {
        try (AwsEnvironments aws = environments(demoConfig(moto.endpoint()))) {
            Action a = action("Build", env("demo", "development", ROLE), new Variable("AWS_DEFAULT_REGION", "us-west-2"));
            AwsStepEnvironment granted = aws.resolve("wf", a);
            assertThat(granted.variables()).containsEntry("AWS_REGION", "us-east-1")
                    .doesNotContainKey("AWS_DEFAULT_REGION");
            assertThat(granted.unset()).doesNotContain("AWS_DEFAULT_REGION");

            Map<String, String> step = new HashMap<>(granted.variables());
            step.put("AWS_DEFAULT_REGION", "us-west-2");
            assertThat(bash("echo $AWS_DEFAULT_REGION; aws sts get-caller-identity --query Arn --output text", step))
                    .isEqualTo("us-west-2\narn:aws:sts::123456789012:assumed-role/" + ROLE + "/gantry-wf-Build");
        }
    }

    @Test
    void aConnectionNamedByAccountIdNeedsNoMapping() throws Exception {
        try (AwsEnvironments aws = environments(demoConfig(moto.endpoint()))) {
            AwsStepEnvironment granted = aws.resolve("wf", action("Deploy", env("demo", "111122223333", "Deployer")));
            assertThat(granted.identity()).isEqualTo("arn:aws:sts::111122223333:assumed-role/Deployer/gantry-wf-Deploy");
        }
    }

    @Test
    void anEnvironmentWithoutConnectionsGetsItsBaseCredentials() throws Exception {
        try (AwsEnvironments aws = environments(demoConfig(moto.endpoint()))) {
            AwsStepEnvironment granted = aws.resolve("wf", action("Build", env("demo", null, null)));
            assertThat(granted.variables()).containsEntry("AWS_ACCESS_KEY_ID", "base-key")
                    .containsEntry("AWS_SECRET_ACCESS_KEY", "base-secret").doesNotContainKey("AWS_SESSION_TOKEN");
            assertThat(granted.unset()).contains("AWS_SESSION_TOKEN", "AWS_PROFILE");
            assertThat(granted.identity()).isNull();
            assertThat(aws.callerIdentity(granted)).isEqualTo("arn:aws:sts::123456789012:user/moto");
        }
    }

    @Test
    void anUnmappedEnvironmentChangesNothingAndSaysSo() throws Exception {
        try (AwsEnvironments aws = environments(demoConfig(moto.endpoint()))) {
            AwsStepEnvironment granted = aws.resolve("wf", action("Build", env("staging", "development", ROLE)));
            assertThat(granted.mapped()).isFalse();
            assertThat(granted.variables()).isEmpty();
            assertThat(granted.unset()).isEmpty();
            assertThat(granted.notice()).isEqualTo("environment 'staging' is not mapped in gantry.yaml: its actions "
                    + "use your own AWS credentials and variables as they are");

            // The user's own variables reach the step as they are.
            Map<String, String> own = Map.of("AWS_ACCESS_KEY_ID", "mine", "AWS_SECRET_ACCESS_KEY", "mine",
                    "AWS_DEFAULT_REGION", "eu-west-1", "AWS_ENDPOINT_URL", moto.endpoint());
            Map<String, String> step = new HashMap<>(own);
            step.putAll(granted.variables());
            assertThat(bash("aws sts get-caller-identity --query Arn --output text", step))
                    .isEqualTo("arn:aws:sts::123456789012:user/moto");
        }
        assertThat(environments(demoConfig(moto.endpoint())).resolve("wf", action("NoEnv", null)))
                .isEqualTo(AwsStepEnvironment.NONE);
    }

    @Test
    void aConnectionWithoutAccountIsNamedBeforeAndAtRunTime() {
        GantryConfig config = new GantryConfig(Map.of("demo", new EnvironmentConfig("demo", null, "us-east-1",
                moto.endpoint(), Map.of("other", new ConnectionConfig("other", "123456789012", ORIGIN)), ORIGIN)),
                null, List.of(), null);
        Action a = action("Build", env("demo", "development", ROLE));
        String message = "environment 'demo' does not say which AWS account connection 'development' is: add "
                + "environments.demo.connections.development.accountId to gantry.yaml (gantry.yaml:2:3)";
        try (AwsEnvironments aws = environments(config)) {
            assertThat(aws.problems(new Workflow("wf", "1.0", null, null, List.of(), List.of(a))))
                    .containsExactly(message);
            assertThatThrownBy(() -> aws.resolve("wf", a)).isInstanceOf(AwsEnvironmentException.class)
                    .hasMessage(message);
        }
    }

    @Test
    void anUnreachableEndpointFailsWithPlainWords() {
        try (AwsEnvironments aws = environments(demoConfig("http://127.0.0.1:1"))) {
            assertThatThrownBy(() -> aws.resolve("wf", action("Build", env("demo", "development", ROLE))))
                    .isInstanceOf(AwsEnvironmentException.class)
                    .hasMessageStartingWith("environment 'demo', connection 'development': cannot assume role "
                            + "arn:aws:iam::123456789012:role/" + ROLE + ": Unable to execute HTTP request")
                    .hasMessageNotContaining("\tat ");
        }
    }
}
