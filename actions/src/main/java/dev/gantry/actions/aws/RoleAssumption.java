package dev.gantry.actions.aws;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * One {@code sts:AssumeRole} call for an action. When STS refuses the duration because the role's
 * {@code MaxSessionDuration} (or role chaining's one-hour limit) is lower, it asks again for one hour.
 */
public final class RoleAssumption {
    private final StsClient sts;

    public RoleAssumption(StsClient sts) {
        this.sts = sts;
    }

    /**
     * Assumes {@code roleArn} for {@code durationSeconds} (retrying at one hour when that is above the role's
     * maximum).
     *
     * @throws AwsEnvironmentException with STS's error in plain words
     */
    public AssumedRole assume(String roleArn, String sessionName, int durationSeconds) throws AwsEnvironmentException {
        try {
            return call(roleArn, sessionName, durationSeconds);
        } catch (StsException e) {
            if (durationSeconds > SessionDuration.DEFAULT_ROLE_MAX_SECONDS && isDurationTooLong(e)) {
                try {
                    return call(roleArn, sessionName, SessionDuration.DEFAULT_ROLE_MAX_SECONDS);
                } catch (SdkException again) {
                    throw failure(roleArn, again);
                }
            }
            throw failure(roleArn, e);
        } catch (SdkException e) {
            throw failure(roleArn, e);
        }
    }

    private AssumedRole call(String roleArn, String sessionName, int seconds) {
        AssumeRoleResponse r = sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName(sessionName)
                .durationSeconds(seconds));
        Credentials c = r.credentials();
        return new AssumedRole(roleArn, r.assumedRoleUser() == null ? roleArn : r.assumedRoleUser().arn(),
                AwsSessionCredentials.builder().accessKeyId(c.accessKeyId()).secretAccessKey(c.secretAccessKey())
                        .sessionToken(c.sessionToken()).expirationTime(c.expiration()).build(),
                c.expiration(), seconds);
    }

    /** STS's "DurationSeconds exceeds the MaxSessionDuration set for this role" (or the role-chaining limit). */
    static boolean isDurationTooLong(StsException e) {
        String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        return message != null && message.contains("DurationSeconds")
                && (message.contains("MaxSessionDuration") || message.contains("session limit"));
    }

    private static AwsEnvironmentException failure(String roleArn, SdkException e) {
        return new AwsEnvironmentException("cannot assume role " + roleArn + ": " + AwsErrors.plain(e));
    }
}
