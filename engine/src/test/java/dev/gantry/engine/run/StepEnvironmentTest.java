package dev.gantry.engine.run;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StepEnvironmentTest {
    @Test
    void onlyTheAllowlistAndEnvSpecsPass() {
        Map<String, String> host = Map.of("PATH", "/usr/bin", "HOME", "/root", "SECRET_STUFF", "x",
                "AWS_PROFILE", "dev", "DOCKER_HOST", "unix:///x", "EDITOR", "vim", "JAVA_HOME", "/jdk");
        Map<String, String> env = StepEnvironment.fromHost(host, List.of("JAVA_HOME", "FOO=bar=baz", "MISSING"));
        assertThat(env).containsOnlyKeys("PATH", "HOME", "AWS_PROFILE", "DOCKER_HOST", "JAVA_HOME", "FOO");
        assertThat(env).containsEntry("FOO", "bar=baz");
    }

    @Test
    void pathHasADefault() {
        assertThat(StepEnvironment.fromHost(Map.of(), List.of())).containsEntry("PATH", StepEnvironment.DEFAULT_PATH);
    }

    @Test
    void badEnvSpecIsRefused() {
        assertThatThrownBy(() -> StepEnvironment.fromHost(Map.of(), List.of("=x")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
