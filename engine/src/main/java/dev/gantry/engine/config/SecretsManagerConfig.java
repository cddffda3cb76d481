package dev.gantry.engine.config;

/**
 * AWS Secrets Manager as a source for {@code ${Secrets.NAME}}: the secret named {@code prefix + NAME} is read
 * (its {@code SecretString}) when no flag, file or {@code GANTRY_SECRET_NAME} variable gives the secret.
 *
 * @param region      the region of the secrets, or {@code null} for the SDK's default region chain
 * @param prefix      prepended to the workflow's secret name, e.g. {@code gantry/}; empty for none
 * @param endpointUrl an endpoint override (LocalStack, moto), or {@code null}
 * @param profile     an AWS profile for the credentials, or {@code null} for the SDK's default chain
 * @param origin      where it was configured
 */
public record SecretsManagerConfig(String region, String prefix, String endpointUrl, String profile,
                                   ConfigOrigin origin) {
    public SecretsManagerConfig {
        prefix = prefix == null ? "" : prefix;
    }

    /** The Secrets Manager secret id for the workflow secret {@code name}. */
    public String secretIdFor(String name) {
        return prefix + name;
    }

    /** This configuration with every key {@code later} sets replacing ours. */
    public SecretsManagerConfig overriddenBy(SecretsManagerConfig later) {
        return new SecretsManagerConfig(later.region != null ? later.region : region,
                !later.prefix.isEmpty() ? later.prefix : prefix,
                later.endpointUrl != null ? later.endpointUrl : endpointUrl,
                later.profile != null ? later.profile : profile, later.origin);
    }
}
