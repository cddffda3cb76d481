package dev.gantry.actions.aws;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

import java.time.Instant;

/**
 * Temporary credentials for a role, as STS returned them.
 *
 * @param roleArn         the role asked for ({@code arn:aws:iam::<account>:role/<Role>})
 * @param assumedRoleArn  the session's identity ({@code arn:aws:sts::<account>:assumed-role/<Role>/<session>})
 * @param credentials     key, secret and session token
 * @param expiration      when they stop working
 * @param durationSeconds the duration that was granted
 */
public record AssumedRole(String roleArn, String assumedRoleArn, AwsSessionCredentials credentials,
                          Instant expiration, int durationSeconds) {
    @Override
    public String toString() {
        return "AssumedRole[" + assumedRoleArn + ", expires " + expiration + "]";
    }
}
