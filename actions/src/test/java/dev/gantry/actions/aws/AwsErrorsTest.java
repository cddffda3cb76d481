package dev.gantry.actions.aws;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.profiles.ProfileFile;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class AwsErrorsTest {
    @Test
    void aCredentialsChainThatFindsNothingIsOneSentenceThatSaysWhatToDo() throws Exception {
        // A real SDK chain that finds nothing: no aws.* system properties, an empty profile file. (Not the default
        // chain: its instance-role provider would call the EC2 metadata address, which tests must not.)
        Path empty = Files.createTempFile("aws", "credentials");
        try {
            ProfileFile none = ProfileFile.builder().content(empty).type(ProfileFile.Type.CREDENTIALS).build();
            AwsCredentialsProviderChain chain = AwsCredentialsProviderChain.of(
                    SystemPropertyCredentialsProvider.create(),
                    ProfileCredentialsProvider.builder().profileFile(none).build());
            SdkClientException e = catchThrowableOfType(SdkClientException.class, chain::resolveCredentials);
            assertThat(e.getMessage()).startsWith(AwsErrors.NO_CREDENTIALS);
            assertThat(AwsErrors.plain(e)).startsWith("no AWS credentials found")
                    .contains("give the environment a profile").doesNotContain("Provider(");
        } finally {
            Files.deleteIfExists(empty);
        }
    }
}
