package dev.gantry.cli;

import dev.gantry.actions.aws.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code gantry environments} on the reference workflow, against a real moto_server. */
class EnvironmentsCommandTest {
    private static final Path REFERENCE = Path.of("..", "examples", "hello-world-multiarch", ".codecatalyst",
            "workflows", "multiarch.yaml");
    private static final String ROLE = "CodeCatalystPreviewDevelopmentAdministrator";
    private static MotoServer moto;

    @TempDir
    Path repo;
    @TempDir
    Path home;

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoServer.start();
    }

    @AfterAll
    static void stopMoto() {
        moto.close();
    }

    @BeforeEach
    void copyReferenceWorkflow() throws IOException {
        Path wf = repo.resolve(".codecatalyst/workflows/multiarch.yaml");
        Files.createDirectories(wf.getParent());
        Files.copy(REFERENCE, wf);
    }

    private Map<String, String> env(String... extra) {
        return GantryProcess.awsEnvironment(home, extra);
    }

    private void writeConfig(String text) throws IOException {
        Files.writeString(repo.resolve("gantry.yaml"), text);
    }

    @Test
    void showsTheAssumedRoleOfEachConnection() throws Exception {
        writeConfig("""
                environments:
                  demo:
                    region: us-west-2
                    endpointUrl: %s
                    connections:
                      development: {accountId: '123456789012'}
                """.formatted(moto.endpoint()));
        GantryProcess.Result r = GantryProcess.run(repo, env(), "environments");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("""
                multiarch (.codecatalyst/workflows/multiarch.yaml)
                demo: mapped (gantry.yaml:2:3), credentials of the AWS SDK's default chain, region us-west-2, endpoint %s
                  connection development, role %s in account 123456789012
                    identity: arn:aws:sts::123456789012:assumed-role/%s/gantry-multiarch-environments
                    actions: docker_build_amd64, docker_build_arm64, docker_manifest
                """.formatted(moto.endpoint(), ROLE, ROLE));
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void anUnmappedEnvironmentShowsTheUsersOwnIdentity() throws Exception {
        GantryProcess.Result r = GantryProcess.run(repo, env("AWS_ENDPOINT_URL", moto.endpoint(),
                "AWS_REGION", "us-west-2"), "environments", "multiarch");
        assertThat(r.out()).isEqualTo("""
                multiarch (.codecatalyst/workflows/multiarch.yaml)
                demo: not mapped in gantry.yaml; actions use your own AWS credentials (no role is assumed)
                  identity: arn:aws:sts::123456789012:user/moto
                  actions: docker_build_amd64, docker_build_arm64, docker_manifest
                """);
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void credentialsThatCannotBeHadFailWithPlainWords() throws Exception {
        writeConfig("environments: {demo: {region: us-west-2, endpointUrl: '%s'}}\n".formatted(moto.endpoint()));
        GantryProcess.Result r = GantryProcess.run(repo, env(), "environments", "--environment", "demo=nosuch");
        assertThat(r.out()).contains("demo: mapped (gantry.yaml:1:16), credentials of AWS profile 'nosuch'")
                .contains("    error: environment 'demo' does not say which AWS account connection 'development' is:"
                        + " add environments.demo.connections.development.accountId to gantry.yaml (gantry.yaml:1:16)")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.exitCode()).isEqualTo(1);

        writeConfig("environments: {demo: {endpointUrl: '%s', connections: {development: {accountId: '123456789012'}}}}"
                .formatted(moto.endpoint()));
        r = GantryProcess.run(repo, env(), "environments", "--environment", "demo=nosuch");
        assertThat(r.out()).contains("    error: environment 'demo', connection 'development': cannot assume role "
                + "arn:aws:iam::123456789012:role/" + ROLE + ": Profile file contained no credentials for profile "
                + "'nosuch'\n");
        assertThat(r.exitCode()).isEqualTo(1);
    }

    @Test
    void theEnvironmentFlagTakesBaseCredentialsFromAnAwsProfile() throws Exception {
        try (MotoServer iam = MotoServer.startEnforcingIam(3)) {
            MotoServer.AccessKey key = iam.createUserAllowedToAssume("ci", "arn:aws:iam::123456789012:role/Allowed");
            Files.createDirectories(home.resolve(".aws"));
            Files.writeString(home.resolve(".aws/credentials"), "[ci]\naws_access_key_id = " + key.id()
                    + "\naws_secret_access_key = " + key.secret() + "\n");
            writeConfig("environments: {prod: {region: us-east-1, endpointUrl: '%s'}}\n".formatted(iam.endpoint()));
            Path wf = repo.resolve(".codecatalyst/workflows/multiarch.yaml");
            Files.writeString(wf, """
                    Name: profiles
                    SchemaVersion: "1.0"
                    Actions:
                      Deploy:
                        Identifier: aws/build@v1
                        Environment: {Name: prod, Connections: [{Name: '123456789012', Role: Allowed}]}
                        Configuration:
                          Steps:
                            - Run: "true"
                    """);
            // The default chain's keys (test/test) are unknown to this moto: only the profile's can assume the role.
            GantryProcess.Result r = GantryProcess.run(repo, env(), "environments", "--environment", "prod=ci");
            assertThat(r.out()).contains("prod: mapped (gantry.yaml:1:16), credentials of AWS profile 'ci'")
                    .contains("identity: arn:aws:sts::123456789012:assumed-role/Allowed/gantry-profiles-environments");
            assertThat(r.exitCode()).isZero();

            r = GantryProcess.run(repo, env(), "environments");
            assertThat(r.out()).contains("error: environment 'prod', connection '123456789012': cannot assume role "
                    + "arn:aws:iam::123456789012:role/Allowed: InvalidClientTokenId");
            assertThat(r.exitCode()).isEqualTo(1);
        }
    }

    @Test
    void anInvalidConfigurationStopsWithItsPosition() throws Exception {
        writeConfig("environments:\n  demo:\n    regoin: us-west-2\n");
        GantryProcess.Result r = GantryProcess.run(repo, env(), "environments");
        assertThat(r.err()).startsWith("gantry.yaml:3:5: error: unknown key 'regoin' in environment 'demo' "
                + "(did you mean 'region'?)").contains("gantry: the configuration is not valid (1 error)");
        assertThat(r.out()).isEmpty();
        assertThat(r.exitCode()).isEqualTo(2);

        Files.delete(repo.resolve("gantry.yaml"));
        r = GantryProcess.run(repo, env(), "environments", "--environment", "demo");
        assertThat(r.err()).contains("--environment takes NAME=PROFILE");
        assertThat(r.exitCode()).isEqualTo(2);
    }
}
