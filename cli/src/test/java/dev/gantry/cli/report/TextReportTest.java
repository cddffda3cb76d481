package dev.gantry.cli.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The caret line under a diagnostic's column. */
class TextReportTest {
    @Test
    void underlinesTheTokenAtTheColumn() {
        assertThat(TextReport.caret("    Identifer: aws/build@v1", 5)).isEqualTo("    ^~~~~~~~~");
        assertThat(TextReport.caret("    Identifier: aws/build@v1", 17)).isEqualTo("                ^~~~~~~~~~~~");
        assertThat(TextReport.caret("    Image: node:18", 12)).isEqualTo("           ^~~~~~~");
        assertThat(TextReport.caret("    DependsOn: [Buidl, Test]", 17)).isEqualTo("                ^~~~~");
        assertThat(TextReport.caret("  Name: 'My Workflow'", 9)).isEqualTo("        ^~~~~~~~~~~~~");
        assertThat(TextReport.caret("  - Run: echo \"${Build2.X}\"", 16)).isEqualTo("               ^~~~~~~~~~~");
    }

    @Test
    void keepsTabsSoTheCaretLinesUpAndStopsAtTheEndOfTheLine() {
        assertThat(TextReport.caret("\tkey: value", 7)).isEqualTo("\t     ^~~~~");
        assertThat(TextReport.caret("short", 40)).isEqualTo("     ^");
    }

    @Test
    void showsControlCharactersAsQuestionMarks() {
        assertThat(TextReport.printable("a\u0000b\u001b[31mc\td")).isEqualTo("a?b?[31mc\td");
    }
}
