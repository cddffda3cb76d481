package dev.gantry.cli;

import dev.gantry.actions.aws.AwsClients;
import dev.gantry.actions.aws.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code gantry run} with AWS environments, end to end: a real moto_server, the real {@code aws} CLI in the steps'
 * real bash, Gantry as a separate process with its own environment.
 */
class AwsRunTest {
    private static final String TOKEN = "tok-3xample/with spaces";
    private static MotoServer moto;

    @TempDir
    Path repo;
    @TempDir
    Path home;

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoServer.start();
        try (SecretsManagerClient sm = new AwsClients().secretsManager("us-east-1", moto.endpoint(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))) {
            sm.createSecret(b -> b.name("gantry/TOKEN").secretString(TOKEN));
        }
    }

    @AfterAll
    static void stopMoto() {
        moto.close();
    }

    private void write(String path, String text) throws IOException {
        Path f = repo.resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }

    private Map<String, String> env(String... extra) {
        return GantryProcess.awsEnvironment(home, extra);
    }

    private String runFolderText() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(repo.resolve(".gantry"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                all.append(Files.readString(f)).append('\n');
            }
        }
        return all.toString();
    }

    @Test
    void eachActionActsAsItsAssumedRoleWithSecretsFromSecretsManagerMasked() throws Exception {
        write("gantry.yaml", """
                environments:
                  demo:
                    region: us-east-1
                    endpointUrl: %1$s
                    connections:
                      development: {accountId: '123456789012'}
                secrets:
                  secretsManager: {region: us-east-1, prefix: gantry/, endpointUrl: '%1$s'}
                """.formatted(moto.endpoint()));
        write(".codecatalyst/workflows/aws.yaml", """
                Name: aws-env
                SchemaVersion: "1.0"
                Actions:
                  Deploy:
                    Identifier: aws/build@v1
                    Inputs:
                      Sources: [WorkflowSource]
                      Variables:
                        - Name: AWS_DEFAULT_REGION
                          Value: us-west-2
                    Environment:
                      Name: demo
                      Connections:
                        - Name: development
                          Role: Deployer
                    Configuration:
                      Steps:
                        - Run: aws sts get-caller-identity --query Arn --output text
                        - Run: echo "key=$AWS_ACCESS_KEY_ID secret=$AWS_SECRET_ACCESS_KEY token=$AWS_SESSION_TOKEN"
                        - Run: echo "regions=$AWS_REGION,$AWS_DEFAULT_REGION profile=${AWS_PROFILE-none}"
                        - Run: echo "secret=${Secrets.TOKEN}"; printf %s "${Secrets.TOKEN}" | sha256sum
                  Own:
                    Identifier: aws/build@v1
                    Inputs:
                      Sources: [WorkflowSource]
                    Environment:
                      Name: staging
                    Configuration:
                      Steps:
                        - Run: aws sts get-caller-identity --query Arn --output text
                """);
        GantryProcess.Result r = GantryProcess.run(repo, env("AWS_PROFILE", "laptop-profile", "AWS_REGION", "eu-west-1",
                "AWS_ENDPOINT_URL", moto.endpoint()), "run", "--action", "Deploy", "--action", "Own");
        String out = r.out().replaceAll("(?m)^(\\S+) +\\| ", "$1 | ");

        assertThat(out).contains("Deploy | gantry: environment 'demo', connection 'development': acting as "
                + "arn:aws:sts::123456789012:assumed-role/Deployer/gantry-aws-env-Deploy");
        assertThat(out).contains("Deploy | arn:aws:sts::123456789012:assumed-role/Deployer/gantry-aws-env-Deploy\n");
        assertThat(out).contains("Deploy | key=*** secret=*** token=***\n");
        assertThat(out).contains("Deploy | regions=us-east-1,us-west-2 profile=none\n");
        assertThat(out).contains("Deploy | secret=***\n").doesNotContain(TOKEN).doesNotContain("tok-3xample");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(TOKEN.getBytes(StandardCharsets.UTF_8)));
        assertThat(out).contains("Deploy | " + sha + "  -");

        // An unmapped environment: the user's own variables as they are (AWS_PROFILE included), and a notice.
        assertThat(out).contains("Own | gantry: environment 'staging' is not mapped in gantry.yaml: its actions use "
                + "your own AWS credentials and variables as they are");
        assertThat(out).contains("Own | The config profile (laptop-profile) could not be found");
        assertThat(r.exitCode()).isEqualTo(1);

        String records = runFolderText();
        assertThat(records).contains("\"awsIdentity\": \"arn:aws:sts::123456789012:assumed-role/Deployer/"
                + "gantry-aws-env-Deploy\"").contains("secret=***").doesNotContain(TOKEN);
        for (String line : out.split("\n")) {
            assertThat(line).doesNotContainPattern("ASIA[A-Z0-9]{12,}");
        }
        assertThat(records).doesNotContainPattern("ASIA[A-Z0-9]{12,}");
    }

    @Test
    void aRoleThatCannotBeAssumedFailsTheActionBeforeItsFirstStep() throws Exception {
        try (MotoServer iam = MotoServer.startEnforcingIam(3)) {
            MotoServer.AccessKey key = iam.createUserAllowedToAssume("ci", "arn:aws:iam::123456789012:role/Allowed");
            write("gantry.yaml", """
                    environments:
                      prod:
                        endpointUrl: %s
                        connections: {main: {accountId: '123456789012'}}
                    """.formatted(iam.endpoint()));
            write(".codecatalyst/workflows/d.yaml", """
                    Name: denied
                    SchemaVersion: "1.0"
                    Actions:
                      Deploy:
                        Identifier: aws/build@v1
                        Environment: {Name: prod, Connections: [{Name: main, Role: Forbidden}]}
                        Configuration:
                          Steps:
                            - Run: echo first-step-ran
                      After:
                        Identifier: aws/build@v1
                        DependsOn: [Deploy]
                        Configuration:
                          Steps:
                            - Run: echo after-ran
                      Allowed:
                        Identifier: aws/build@v1
                        Environment: {Name: prod, Connections: [{Name: main, Role: Allowed}]}
                        Configuration:
                          Steps:
                            - Run: echo allowed-ran
                    """);
            GantryProcess.Result r = GantryProcess.run(repo, env("AWS_ACCESS_KEY_ID", key.id(),
                    "AWS_SECRET_ACCESS_KEY", key.secret(), "AWS_REGION", "us-east-1"), "run");
            String out = r.out().replaceAll("(?m)^(\\S+) +\\| ", "$1 | ");
            assertThat(out).contains("Deploy | <== failed after").contains("environment 'prod', connection 'main': "
                    + "cannot assume role arn:aws:iam::123456789012:role/Forbidden: AccessDenied: User: "
                    + "arn:aws:iam::123456789012:user/ci is not authorized to perform: sts:AssumeRole");
            assertThat(out).doesNotContain("first-step-ran").doesNotContain("after-ran").contains("allowed-ran")
                    .doesNotContain("\tat ").doesNotContain("Exception");
            assertThat(out).containsPattern("After +- +skipped");
            assertThat(r.exitCode()).isEqualTo(1);
        }
    }

    @Test
    void aDryRunSaysWhichRoleEachActionWillAssumeWithoutCallingAws() throws Exception {
        write("gantry.yaml", """
                environments:
                  demo:
                    region: eu-west-1
                    endpointUrl: http://127.0.0.1:1
                    connections: {development: {accountId: '123456789012'}}
                """);
        write(".codecatalyst/workflows/a.yaml", """
                Name: a
                SchemaVersion: "1.0"
                Actions:
                  A:
                    Identifier: aws/build@v1
                    Timeout: 30
                    Environment: {Name: demo, Connections: [{Name: development, Role: R}]}
                    Configuration:
                      Steps:
                        - Run: echo ran
                  B:
                    Identifier: aws/build@v1
                    Environment: {Name: elsewhere}
                    Configuration:
                      Steps:
                        - Run: echo ran
                """);
        GantryProcess.Result r = GantryProcess.run(repo, env(), "run", "--dry-run");
        assertThat(r.out()).contains("   AWS: environment 'demo', connection 'development': assumes "
                + "arn:aws:iam::123456789012:role/R (session gantry-a-A, 35 min) with credentials of the AWS SDK's "
                + "default chain, region eu-west-1, endpoint http://127.0.0.1:1; AWS_ACCESS_KEY_ID, "
                + "AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN are set when it runs\n");
        assertThat(r.out()).contains("   AWS: environment 'elsewhere' is not mapped in gantry.yaml: your own AWS_* "
                + "variables as they are\n");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void aSecretNoSourceHasIsAPlanTimeError() throws Exception {
        write("gantry.yaml", "secrets: {secretsManager: {region: us-east-1, prefix: gantry/, endpointUrl: '%s'}}\n"
                .formatted(moto.endpoint()));
        write(".codecatalyst/workflows/s.yaml", """
                Name: s
                SchemaVersion: "1.0"
                Actions:
                  A:
                    Identifier: aws/build@v1
                    Configuration:
                      Steps:
                        - Run: echo ${Secrets.NOPE} ${Secrets.TOKEN}
                """);
        GantryProcess.Result r = GantryProcess.run(repo, env(), "run");
        assertThat(r.err()).contains("NOPE").doesNotContain("TOKEN is").doesNotContain(TOKEN);
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(repo.resolve(".gantry/runs")).doesNotExist();
    }

    @Test
    void aConnectionWithoutAccountStopsTheRunBeforeAnythingRuns() throws Exception {
        write("gantry.yaml", "environments: {demo: {endpointUrl: '%s'}}\n".formatted(moto.endpoint()));
        write(".codecatalyst/workflows/a.yaml", """
                Name: a
                SchemaVersion: "1.0"
                Actions:
                  A:
                    Identifier: aws/build@v1
                    Environment: {Name: demo, Connections: [{Name: development, Role: R}]}
                    Configuration:
                      Steps:
                        - Run: echo ran
                """);
        GantryProcess.Result r = GantryProcess.run(repo, env(), "run");
        // positioned at the action's Environment, like every other plan-time problem
        assertThat(r.err()).contains(".codecatalyst/workflows/a.yaml:6:18: error: environment 'demo' does not say "
                + "which AWS account connection 'development' is: add environments.demo.connections.development"
                + ".accountId to gantry.yaml (gantry.yaml:1:16) [aws-environment]");
        assertThat(r.out()).doesNotContain("ran");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(List.of(r.out(), r.err())).noneMatch(s -> s.contains("\tat "));
    }
}
