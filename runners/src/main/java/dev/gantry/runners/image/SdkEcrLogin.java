package dev.gantry.runners.image;

import dev.gantry.runners.transport.TransportException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.EcrClientBuilder;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.GetAuthorizationTokenResponse;

import java.net.URI;
import java.util.Map;

/**
 * {@link EcrLogin} with the AWS SDK: {@code ecr:GetAuthorizationToken} in the registry's region with the action's
 * environment credentials ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN});
 * {@code AWS_ENDPOINT_URL_ECR} or {@code AWS_ENDPOINT_URL} send the call elsewhere (moto_server in tests). An
 * action without credentials in its environment (no {@code Environment} connection) gets a message saying so.
 */
public final class SdkEcrLogin implements EcrLogin {
    @Override
    public String authorization(EcrRegistry registry, Map<String, String> env) throws TransportException {
        String key = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (key == null || key.isBlank() || secret == null || secret.isBlank()) {
            throw new TransportException("cannot pull from ECR registry " + registry.host() + ": the action has no "
                    + "AWS credentials (give it an Environment with a Connection, or set AWS_ACCESS_KEY_ID and "
                    + "AWS_SECRET_ACCESS_KEY for the run)");
        }
        String token = env.get("AWS_SESSION_TOKEN");
        AwsCredentials credentials = token == null || token.isBlank() ? AwsBasicCredentials.create(key, secret)
                : AwsSessionCredentials.create(key, secret, token);
        EcrClientBuilder builder = EcrClient.builder().region(Region.of(registry.region()))
                .credentialsProvider(StaticCredentialsProvider.create(credentials));
        String endpoint = env.getOrDefault("AWS_ENDPOINT_URL_ECR", env.get("AWS_ENDPOINT_URL"));
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint.trim()));
        }
        try (EcrClient ecr = builder.build()) {
            GetAuthorizationTokenResponse r = ecr.getAuthorizationToken(b -> b.registryIds(registry.account()));
            return r.authorizationData().stream().map(AuthorizationData::authorizationToken)
                    .filter(t -> t != null && !t.isBlank()).findFirst()
                    .orElseThrow(() -> new TransportException("ECR gave no authorization token for "
                            + registry.host()));
        } catch (SdkException e) {
            throw new TransportException("cannot log in to ECR registry " + registry.host()
                    + " (ecr:GetAuthorizationToken): " + e.getMessage());
        }
    }
}
