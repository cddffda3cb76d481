package dev.gantry.actions.aws;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.util.Map;

import static dev.gantry.actions.aws.TestActions.action;
import static dev.gantry.actions.aws.TestActions.demoConfig;
import static dev.gantry.actions.aws.TestActions.env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A role that really cannot be assumed: moto enforcing IAM, the base credentials those of an IAM user whose policy
 * allows assuming {@code Allowed} only.
 */
class RoleDeniedTest {
    private static MotoServer moto;
    private static BaseCredentials userKeys;

    @BeforeAll
    static void startMotoWithIam() throws Exception {
        moto = MotoServer.startEnforcingIam(3);
        MotoServer.AccessKey key = moto.createUserAllowedToAssume("ci", "arn:aws:iam::123456789012:role/Allowed");
        userKeys = profile -> StaticCredentialsProvider.create(AwsBasicCredentials.create(key.id(), key.secret()));
    }

    @AfterAll
    static void stopMoto() {
        moto.close();
    }

    @Test
    void aDeniedRoleFailsWithTheStsErrorInPlainWords() {
        try (AwsEnvironments aws = new AwsEnvironments(demoConfig(moto.endpoint()), userKeys, Map.of(),
                new AwsClients())) {
            assertThatThrownBy(() -> aws.resolve("wf", action("Deploy", env("demo", "development", "Forbidden"))))
                    .isInstanceOf(AwsEnvironmentException.class)
                    .hasMessage("environment 'demo', connection 'development': cannot assume role "
                            + "arn:aws:iam::123456789012:role/Forbidden: AccessDenied: User: "
                            + "arn:aws:iam::123456789012:user/ci is not authorized to perform: sts:AssumeRole");
        }
    }

    @Test
    void theAllowedRoleWorksWithTheSameCredentials() throws Exception {
        try (AwsEnvironments aws = new AwsEnvironments(demoConfig(moto.endpoint()), userKeys, Map.of(),
                new AwsClients())) {
            AwsStepEnvironment granted = aws.resolve("wf", action("Deploy", env("demo", "development", "Allowed")));
            assertThat(granted.identity()).isEqualTo("arn:aws:sts::123456789012:assumed-role/Allowed/gantry-wf-Deploy");
        }
    }
}
