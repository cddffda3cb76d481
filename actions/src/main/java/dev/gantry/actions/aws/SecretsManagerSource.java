package dev.gantry.actions.aws;

import dev.gantry.engine.config.SecretsManagerConfig;
import dev.gantry.engine.secret.SecretSource;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * AWS Secrets Manager as a source of {@code ${Secrets.NAME}}: reads the secret {@code <prefix><NAME>} (its
 * {@code SecretString}, or its binary value as UTF-8) with {@code GetSecretValue}. A secret that does not exist is
 * simply not found here; any other error (no credentials, access denied, endpoint down) is reported.
 * Thread-safe; close it after the run.
 */
public final class SecretsManagerSource implements SecretSource, AutoCloseable {
    private final SecretsManagerConfig config;
    private final SecretsManagerClient client;

    public SecretsManagerSource(SecretsManagerConfig config, SecretsManagerClient client) {
        this.config = config;
        this.client = client;
    }

    /** A source with its own client, built from the configuration and {@code credentials}. */
    public static SecretsManagerSource of(SecretsManagerConfig config, BaseCredentials credentials,
                                          AwsClients clients) {
        return new SecretsManagerSource(config, clients.secretsManager(config.region(), config.endpointUrl(),
                credentials.provider(config.profile())));
    }

    @Override
    public String description() {
        String where = config.region() != null ? config.region() : "default region";
        return "AWS Secrets Manager (" + where + (config.prefix().isEmpty() ? "" : ", prefix " + config.prefix())
                + ")";
    }

    @Override
    public Optional<String> find(String name) throws SecretSourceException {
        String id = config.secretIdFor(name);
        try {
            GetSecretValueResponse r = client.getSecretValue(b -> b.secretId(id));
            if (r.secretString() != null) {
                return Optional.of(r.secretString());
            }
            if (r.secretBinary() != null) {
                return Optional.of(r.secretBinary().asString(StandardCharsets.UTF_8));
            }
            return Optional.empty();
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new SecretSourceException("cannot read secret '" + id + "' from " + description() + ": "
                    + AwsErrors.plain(e));
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
