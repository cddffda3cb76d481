package dev.gantry.actions.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;

import java.net.URI;
import java.time.Duration;

/**
 * Builds the AWS SDK clients Gantry uses, all the same way: a region, an optional endpoint override (LocalStack,
 * moto) and a credentials provider, with a bounded call time so a dead endpoint fails an action instead of hanging it.
 */
public final class AwsClients {
    /** The region used for calls when none is configured anywhere (STS answers in every region). */
    public static final String FALLBACK_REGION = "us-east-1";
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    /** An STS client for {@code region} (or the fallback), at {@code endpointUrl} when not {@code null}. */
    public StsClient sts(String region, String endpointUrl, AwsCredentialsProvider credentials) {
        return configure(StsClient.builder(), region, endpointUrl, credentials).build();
    }

    /** A Secrets Manager client, configured like {@link #sts}. */
    public SecretsManagerClient secretsManager(String region, String endpointUrl, AwsCredentialsProvider credentials) {
        return configure(SecretsManagerClient.builder(), region, endpointUrl, credentials).build();
    }

    /** Any SDK client, configured like {@link #sts}: {@code client(S3Client.builder(), ...)}. */
    public <B extends AwsClientBuilder<B, C>, C> C client(B builder, String region, String endpointUrl,
                                                          AwsCredentialsProvider credentials) {
        return configure(builder, region, endpointUrl, credentials).build();
    }

    private static <B extends AwsClientBuilder<B, C>, C> B configure(B builder, String region, String endpointUrl,
                                                                     AwsCredentialsProvider credentials) {
        builder.region(Region.of(region == null ? FALLBACK_REGION : region)).credentialsProvider(credentials)
                .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT));
        if (endpointUrl != null) {
            builder.endpointOverride(URI.create(endpointUrl));
        }
        return builder;
    }
}
