package dev.gantry.actions.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;

/**
 * Where an environment's base credentials come from before any role is assumed: a named AWS profile, or the
 * SDK's default chain (environment variables, SSO, {@code credential_process}, web identity, instance roles).
 */
@FunctionalInterface
public interface BaseCredentials {
    /** The provider for {@code profile}, or for the default chain when {@code profile} is {@code null}. */
    AwsCredentialsProvider provider(String profile);

    /** The SDK's own: {@code ~/.aws/config} and {@code ~/.aws/credentials} profiles, else the default chain. */
    static BaseCredentials standard() {
        return profile -> profile == null ? DefaultCredentialsProvider.builder().build()
                : ProfileCredentialsProvider.builder().profileName(profile).build();
    }
}
