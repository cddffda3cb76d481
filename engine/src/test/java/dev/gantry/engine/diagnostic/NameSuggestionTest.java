package dev.gantry.engine.diagnostic;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NameSuggestionTest {
    @Test
    void suggestsTheClosestNameWithinTypoDistance() {
        List<String> names = List.of("Build", "Test", "DeployProd", "DeployStaging");
        assertThat(NameSuggestion.closest("Biuld", names)).contains("Build");
        assertThat(NameSuggestion.closest("build", names)).contains("Build");
        assertThat(NameSuggestion.closest("DeployPrd", names)).contains("DeployProd");
        assertThat(NameSuggestion.closest("Tst", names)).contains("Test");
    }

    @Test
    void staysQuietWhenNothingIsClose() {
        List<String> names = List.of("Build", "Test");
        assertThat(NameSuggestion.closest("Package", names)).isEmpty();
        assertThat(NameSuggestion.closest("X", List.of("Y"))).isEmpty();
        assertThat(NameSuggestion.closest("x", List.of("X"))).contains("X");
        assertThat(NameSuggestion.closest("AB", List.of("XY"))).isEmpty();
        assertThat(NameSuggestion.didYouMean("Package", names)).isEmpty();
    }

    @Test
    void completesATruncatedName() {
        assertThat(NameSuggestion.closest("Branch", List.of("CommitId", "BranchName"))).contains("BranchName");
        assertThat(NameSuggestion.closest("Br", List.of("BranchName"))).isEmpty();
    }

    @Test
    void formatsTheHint() {
        assertThat(NameSuggestion.didYouMean("Dependson", List.of("DependsOn", "Identifier")))
                .isEqualTo(" (did you mean 'DependsOn'?)");
    }

    @Test
    void countsAdjacentSwapsAsOneEdit() {
        assertThat(NameSuggestion.distance("abcd", "abdc")).isEqualTo(1);
        assertThat(NameSuggestion.distance("kitten", "sitting")).isEqualTo(3);
    }
}
