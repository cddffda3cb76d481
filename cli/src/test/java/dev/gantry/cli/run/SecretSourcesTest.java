package dev.gantry.cli.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        Map<String, String> s = SecretSources.resolve(List.of("A=from-flag"), file,
                Map.of("GANTRY_SECRET_A", "from-env", "GANTRY_SECRET_E", "env-only", "OTHER", "x"));
        assertThat(s).containsEntry("A", "from-flag").containsEntry("B", "single $quoted # kept")
                .containsEntry("C", "double\nline \"q\"").containsEntry("D", "plain value")
                .containsEntry("E", "env-only").doesNotContainKey("OTHER");
    }

    @Test
    void badLinesAndFlagsSayWhereWithoutShowingValues() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.env"), "OK=1\nnot a pair\n");
        assertThatThrownBy(() -> SecretSources.resolve(List.of(), file, Map.of()))
                .hasMessageContaining("bad.env:2");
        assertThatThrownBy(() -> SecretSources.resolve(List.of("s3cr3t-without-name"), null, Map.of()))
                .hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> SecretSources.resolve(List.of(), dir.resolve("missing.env"), Map.of()))
                .hasMessageContaining("missing.env");
    }
}
