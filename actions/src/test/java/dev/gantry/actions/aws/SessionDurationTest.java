package dev.gantry.actions.aws;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SessionDurationTest {
    @Test
    void coversTheTimeoutWithinStsLimits() {
        assertThat(SessionDuration.covering(5)).isEqualTo(900);
        assertThat(SessionDuration.covering(60)).isEqualTo(3600 + 300);
        assertThat(SessionDuration.covering(null)).isEqualTo(480 * 60 + 300);
        assertThat(SessionDuration.covering(100_000)).isEqualTo(43_200);
    }
}
