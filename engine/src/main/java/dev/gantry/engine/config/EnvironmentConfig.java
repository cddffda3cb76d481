package dev.gantry.engine.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How Gantry gets AWS credentials for one workflow {@code Environment} (by its {@code Name}).
 *
 * <p>The base credentials come from {@code profile} when set, else the AWS SDK's default chain (environment
 * variables, SSO, {@code credential_process}, instance roles). An action's {@code Connections[{Name, Role}]} then
 * assumes {@code arn:aws:iam::<account>:role/<Role>}, where the account is the connection's configured
 * {@code accountId} (or the connection name itself when that is a 12-digit account id).
 *
 * @param name        the workflow environment's name
 * @param profile     an AWS profile for the base credentials, or {@code null} for the default chain
 * @param region      the AWS region, or {@code null} for the SDK's default region chain
 * @param endpointUrl an endpoint for every AWS service (LocalStack, moto), or {@code null} for AWS itself
 * @param connections account of each connection name, in file order
 * @param origin      where the environment was (last) configured
 */
public record EnvironmentConfig(String name, String profile, String region, String endpointUrl,
                                Map<String, ConnectionConfig> connections, ConfigOrigin origin) {
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    public EnvironmentConfig {
        connections = Collections.unmodifiableMap(new LinkedHashMap<>(connections));
    }

    /** An environment configured by {@code --environment NAME=PROFILE} alone. */
    public static EnvironmentConfig ofProfile(String name, String profile) {
        return new EnvironmentConfig(name, profile, null, null, Map.of(), ConfigOrigin.COMMAND_LINE);
    }

    /** Whether {@code text} is a 12-digit AWS account id. */
    public static boolean isAccountId(String text) {
        return text != null && ACCOUNT_ID.matcher(text).matches();
    }

    /**
     * The account a connection name stands for: its configured {@code accountId}, else the name itself when it is
     * a 12-digit account id (the service accepts account ids as connection names).
     */
    public Optional<String> accountIdFor(String connectionName) {
        ConnectionConfig c = connections.get(connectionName);
        if (c != null) {
            return Optional.of(c.accountId());
        }
        return isAccountId(connectionName) ? Optional.of(connectionName) : Optional.empty();
    }

    /** This environment with the base credentials taken from {@code newProfile}. */
    public EnvironmentConfig withProfile(String newProfile) {
        return new EnvironmentConfig(name, newProfile, region, endpointUrl, connections, origin);
    }

    /** This environment with every key {@code later} sets replacing ours; connections merge by name. */
    public EnvironmentConfig overriddenBy(EnvironmentConfig later) {
        Map<String, ConnectionConfig> merged = new LinkedHashMap<>(connections);
        merged.putAll(later.connections);
        return new EnvironmentConfig(name, later.profile != null ? later.profile : profile,
                later.region != null ? later.region : region,
                later.endpointUrl != null ? later.endpointUrl : endpointUrl, merged, later.origin);
    }
}
