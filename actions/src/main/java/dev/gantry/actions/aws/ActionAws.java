package dev.gantry.actions.aws;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;

import java.util.Map;

/**
 * The AWS identity an action that Gantry runs itself (a deploy action) calls AWS with: exactly what its steps would
 * get, read from the action's environment after {@link AwsEnvironmentLifecycle} set it (the assumed role's
 * {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}/{@code AWS_SESSION_TOKEN}, {@code AWS_REGION},
 * {@code AWS_ENDPOINT_URL}); an unmapped environment's host {@code AWS_PROFILE} or default chain otherwise.
 *
 * @param credentials the credentials provider
 * @param region      the region: the action's own region property, else {@code AWS_REGION}/
 *                    {@code AWS_DEFAULT_REGION}, else {@link AwsClients#FALLBACK_REGION}
 * @param endpointUrl {@code AWS_ENDPOINT_URL} (moto, LocalStack), or {@code null}
 */
public record ActionAws(AwsCredentialsProvider credentials, String region, String endpointUrl) {
    /** The identity in {@code environment}, in {@code regionProperty} when that is not blank. */
    public static ActionAws of(Map<String, String> environment, String regionProperty) {
        String key = environment.get("AWS_ACCESS_KEY_ID");
        String secret = environment.get("AWS_SECRET_ACCESS_KEY");
        String token = environment.get("AWS_SESSION_TOKEN");
        AwsCredentialsProvider credentials;
        if (notBlank(key) && notBlank(secret)) {
            credentials = StaticCredentialsProvider.create(notBlank(token)
                    ? AwsSessionCredentials.create(key, secret, token) : AwsBasicCredentials.create(key, secret));
        } else if (notBlank(environment.get("AWS_PROFILE"))) {
            credentials = ProfileCredentialsProvider.create(environment.get("AWS_PROFILE"));
        } else {
            credentials = DefaultCredentialsProvider.builder().build();
        }
        String region = notBlank(regionProperty) ? regionProperty.strip()
                : notBlank(environment.get("AWS_REGION")) ? environment.get("AWS_REGION")
                : notBlank(environment.get("AWS_DEFAULT_REGION")) ? environment.get("AWS_DEFAULT_REGION")
                : AwsClients.FALLBACK_REGION;
        String endpoint = environment.get("AWS_ENDPOINT_URL");
        return new ActionAws(credentials, region, notBlank(endpoint) ? endpoint : null);
    }

    /** A client of any service for this identity: {@code aws.client(S3Client.builder())}. */
    public <B extends AwsClientBuilder<B, C>, C> C client(B builder) {
        return new AwsClients().client(builder, region, endpointUrl, credentials);
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
