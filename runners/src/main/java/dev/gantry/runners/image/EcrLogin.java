package dev.gantry.runners.image;

import dev.gantry.runners.transport.TransportException;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gets a registry password for a private ECR registry ({@code <account>.dkr.ecr.<region>.amazonaws.com}) with an
 * action's credentials: the ECR {@code GetAuthorizationToken} call ({@link SdkEcrLogin}).
 */
public interface EcrLogin {
    /**
     * The {@code auth} value of a Docker {@code config.json} ({@code base64("AWS:<token>")}) for {@code registry},
     * with the credentials, region and endpoint in {@code environment} (the action's: {@code AWS_ACCESS_KEY_ID},
     * {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}, {@code AWS_ENDPOINT_URL}).
     */
    String authorization(EcrRegistry registry, Map<String, String> environment) throws TransportException;

    /**
     * A private ECR registry host.
     *
     * @param host    {@code 123456789012.dkr.ecr.us-west-2.amazonaws.com}
     * @param account {@code 123456789012}
     * @param region  {@code us-west-2}
     */
    record EcrRegistry(String host, String account, String region) {
    }

    /** The ECR registry of an image reference, or {@code null} when it is not in a private ECR registry. */
    static EcrRegistry registryOf(String reference) {
        Pattern p = Pattern.compile("^(([0-9]{12})\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?)/.+");
        Matcher m = p.matcher(reference == null ? "" : reference);
        return m.matches() ? new EcrRegistry(m.group(1), m.group(2), m.group(3)) : null;
    }
}
