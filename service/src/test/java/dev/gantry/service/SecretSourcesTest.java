package dev.gantry.service;

import dev.gantry.engine.diagnostic.SourcePosition;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretSourcesTest {
    @TempDir
    Path dir;

    @Test
    void flagsBeatTheFileWhichBeatsTheEnvironment() throws Exception {
        Path file = Files.writeString(dir.resolve("s.env"), """
                # comment
                export A=from-file
                B='single $quoted # kept'
                C="double\\nline \\"q\\""
                D=plain value # comment

                """);
        Map<String, String> s = SecretSources.resolve(Map.of("A", "from-flag"), file,
                Map.of("GANTRY_SECRET_A", "from-env", "GANTRY_SECRET_E", "env-only", "OTHER", "x"));
        assertThat(s).containsEntry("A", "from-flag").containsEntry("B", "single $quoted # kept")
                .containsEntry("C", "double\nline \"q\"").containsEntry("D", "plain value")
                .containsEntry("E", "env-only").doesNotContainKey("OTHER");
    }

    @Test
    void badLinesSayWhereWithoutShowingValues() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.env"), "OK=1\ns3cr3t without a name\n");
        assertThatThrownBy(() -> SecretSources.resolve(Map.of(), file, Map.of()))
                .isInstanceOfSatisfying(SecretSources.BadSecret.class, e -> {
                    assertThat(e.file()).endsWith("bad.env");
                    assertThat(e.position()).isEqualTo(new SourcePosition(2, 1));
                    assertThat(e.getMessage()).doesNotContain("s3cr3t");
                });
        assertThatThrownBy(() -> SecretSources.resolve(Map.of(), dir.resolve("missing.env"), Map.of()))
                .isInstanceOfSatisfying(SecretSources.BadSecret.class,
                        e -> assertThat(e.file()).endsWith("missing.env"));
    }
}
