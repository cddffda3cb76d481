package dev.gantry.actions.artifacts;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InputLayoutTest {
    @Test
    void sourceIsPrimaryAndComesFirst() {
        InputLayout l = InputLayout.of(Path.of("/w/src"), List.of("B", "A"), Path.of("/w/in"));
        assertThat(l.primary()).isEqualTo("WorkflowSource");
        assertThat(l.environment()).containsExactly(
                org.assertj.core.api.Assertions.entry("CATALYST_SOURCE_DIR_WorkflowSource", "/w/src"),
                org.assertj.core.api.Assertions.entry("CATALYST_SOURCE_DIR_B", "/w/in/B"),
                org.assertj.core.api.Assertions.entry("CATALYST_SOURCE_DIR_A", "/w/in/A"),
                org.assertj.core.api.Assertions.entry("CATALYST_DEFAULT_DIR", "/w/src"));
    }

    @Test
    void withoutSourceTheFirstListedArtifactIsPrimary() throws ArtifactException {
        InputLayout l = InputLayout.of(null, List.of("B", "A"), Path.of("/w/in"));
        assertThat(l.primary()).isEqualTo("B");
        assertThat(l.environment()).containsEntry("CATALYST_DEFAULT_DIR", "/w/in/B");
        assertThat(l.locate("x/y").dir()).isEqualTo(Path.of("/w/in/B"));
        assertThat(l.locate("$CATALYST_SOURCE_DIR_A/x").dir()).isEqualTo(Path.of("/w/in/A"));
        assertThat(l.locate("${CATALYST_SOURCE_DIR_A}/x").rest()).isEqualTo("x");
    }
}
