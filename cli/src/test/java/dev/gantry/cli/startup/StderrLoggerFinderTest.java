package dev.gantry.cli.startup;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StderrLoggerFinderTest {
    @Test
    void librariesLoggersAreGantrysAndSayOnlyWarningsAndErrors() {
        assertThat(System.LoggerFinder.getLoggerFinder()).isInstanceOf(StderrLoggerFinder.class);
        System.Logger yaml = System.getLogger("org.yaml.snakeyaml.introspector");
        assertThat(yaml.isLoggable(System.Logger.Level.DEBUG)).isFalse();
        assertThat(yaml.isLoggable(System.Logger.Level.INFO)).isFalse();
        assertThat(yaml.isLoggable(System.Logger.Level.WARNING)).isTrue();
        assertThat(yaml.isLoggable(System.Logger.Level.ERROR)).isTrue();
    }
}
