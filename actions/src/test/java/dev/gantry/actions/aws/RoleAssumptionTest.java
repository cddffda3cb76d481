package dev.gantry.actions.aws;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.AssumedRoleUser;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The retry at one hour when a role's MaxSessionDuration is lower than asked. moto does not enforce session
 * durations, so this one test uses a stand-in STS client that answers as STS does (the error text is STS's).
 */
class RoleAssumptionTest {
    private static final String TOO_LONG = "The requested DurationSeconds exceeds the MaxSessionDuration set for this "
            + "role.";

    /** STS whose role allows at most {@code maxSeconds}. */
    private static final class LimitedSts implements StsClient {
        final List<Integer> asked = new ArrayList<>();
        final int maxSeconds;

        LimitedSts(int maxSeconds) {
            this.maxSeconds = maxSeconds;
        }

        @Override
        public AssumeRoleResponse assumeRole(AssumeRoleRequest r) {
            asked.add(r.durationSeconds());
            if (r.durationSeconds() > maxSeconds) {
                throw (StsException) StsException.builder().statusCode(400).message(TOO_LONG).awsErrorDetails(
                        AwsErrorDetails.builder().errorCode("ValidationError").errorMessage(TOO_LONG).build()).build();
            }
            return AssumeRoleResponse.builder()
                    .credentials(Credentials.builder().accessKeyId("AK").secretAccessKey("SK").sessionToken("ST")
                            .expiration(Instant.now().plusSeconds(r.durationSeconds())).build())
                    .assumedRoleUser(AssumedRoleUser.builder().arn("arn:aws:sts::1:assumed-role/R/"
                            + r.roleSessionName()).assumedRoleId("id").build()).build();
        }

        @Override
        public String serviceName() {
            return "sts";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void retriesAtOneHourWhenTheRoleAllowsLess() throws Exception {
        LimitedSts sts = new LimitedSts(3600);
        AssumedRole role = new RoleAssumption(sts).assume("arn:aws:iam::1:role/R", "s", 28_800);
        assertThat(sts.asked).containsExactly(28_800, 3600);
        assertThat(role.durationSeconds()).isEqualTo(3600);
        assertThat(role.assumedRoleArn()).isEqualTo("arn:aws:sts::1:assumed-role/R/s");
    }

    @Test
    void doesNotRetryWhatOneHourWouldNotFix() {
        LimitedSts sts = new LimitedSts(900);
        assertThatThrownBy(() -> new RoleAssumption(sts).assume("arn:aws:iam::1:role/R", "s", 7200))
                .isInstanceOf(AwsEnvironmentException.class)
                .hasMessage("cannot assume role arn:aws:iam::1:role/R: ValidationError: " + TOO_LONG);
        assertThat(sts.asked).containsExactly(7200, 3600);
        LimitedSts small = new LimitedSts(900);
        assertThatThrownBy(() -> new RoleAssumption(small).assume("arn:aws:iam::1:role/R", "s", 1800))
                .isInstanceOf(AwsEnvironmentException.class);
        assertThat(small.asked).containsExactly(1800);
    }
}
