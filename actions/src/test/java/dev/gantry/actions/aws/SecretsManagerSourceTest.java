package dev.gantry.actions.aws;

import dev.gantry.engine.config.SecretsManagerConfig;
import dev.gantry.engine.secret.SecretSource.SecretSourceException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import static dev.gantry.actions.aws.TestActions.ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Secrets Manager as a secret source, against a real moto_server. */
class SecretsManagerSourceTest {
    private static final BaseCredentials TEST_KEYS =
            profile -> StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    private static MotoServer moto;

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoServer.start();
        try (SecretsManagerClient sm = new AwsClients().secretsManager("eu-west-1", moto.endpoint(),
                TEST_KEYS.provider(null))) {
            sm.createSecret(b -> b.name("gantry/TOKEN").secretString("s3cr3t value\nline two"));
            sm.createSecret(b -> b.name("gantry/BLOB").secretBinary(SdkBytes.fromUtf8String("binary-ok")));
            sm.createSecret(b -> b.name("TOKEN").secretString("unprefixed"));
        }
    }

    @AfterAll
    static void stopMoto() {
        moto.close();
    }

    private SecretsManagerSource source(String endpoint, String prefix) {
        return SecretsManagerSource.of(new SecretsManagerConfig("eu-west-1", prefix, endpoint, null, ORIGIN),
                TEST_KEYS, new AwsClients());
    }

    @Test
    void readsThePrefixedSecret() throws Exception {
        try (SecretsManagerSource s = source(moto.endpoint(), "gantry/")) {
            assertThat(s.find("TOKEN")).contains("s3cr3t value\nline two");
            assertThat(s.find("BLOB")).contains("binary-ok");
            assertThat(s.find("MISSING")).isEmpty();
            assertThat(s.description()).isEqualTo("AWS Secrets Manager (eu-west-1, prefix gantry/)");
        }
        try (SecretsManagerSource s = source(moto.endpoint(), null)) {
            assertThat(s.find("TOKEN")).contains("unprefixed");
        }
    }

    @Test
    void anUnreachableServiceIsAnError() {
        try (SecretsManagerSource s = source("http://127.0.0.1:1", "gantry/")) {
            assertThatThrownBy(() -> s.find("TOKEN")).isInstanceOf(SecretSourceException.class)
                    .hasMessageStartingWith("cannot read secret 'gantry/TOKEN' from AWS Secrets Manager (eu-west-1, "
                            + "prefix gantry/): Unable to execute HTTP request");
        }
    }
}
