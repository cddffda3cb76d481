package dev.gantry.dsl.file;

import dev.gantry.dsl.LoadedWorkflow;
import dev.gantry.dsl.yaml.YamlWorkflowLoader;
import dev.gantry.engine.diagnostic.SourcePosition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Positions are the lines and columns an editor shows, also when a file holds U+0085, U+2028 or U+2029, which YAML
 * 1.1 counts as line breaks (issue 11, item 6).
 */
class LineColumnsTest {
    @ParameterizedTest
    @ValueSource(strings = {"\u0085", "\u2028", "\u2029"})
    void unicodeLineSeparatorsDoNotMoveTheFindings(String separator) {
        String yaml = "Name: \"w" + separator + "x\"\n"
                + "SchemaVersion: \"1.0\"\n"
                + "Actions:\n"
                + "  Build:\n"
                + "    Identifier: aws/build@v1\n"
                + "    Timout: 5\n"
                + "    Configuration:\n"
                + "      Steps:\n"
                + "        - Run: \"echo " + separator + separator + "\"\n"
                + "        - Run: 'one" + separator + "'\n"
                + "    Timeout: x\n";
        LoadedWorkflow w = new YamlWorkflowLoader().parse(yaml, "w.yaml");
        assertThat(w.diagnostics()).extracting(d -> d.position().line() + ":" + d.position().column() + " " + d.rule())
                .containsExactly("1:7 name-pattern", "6:5 unknown-key", "11:14 type");
        assertThat(yaml.lines().toList().get(5)).startsWith("    Timout");
        assertThat(w.sourceMap().valueOf("/Actions/Build/Configuration/Steps/0/Run")).isEqualTo(new SourcePosition(9, 16));
    }

    @Test
    void linesEndAtNewlineCarriageReturnOrBoth() {
        LineColumns lines = LineColumns.of("a\r\nb\rc\u2028d\n\uD83D\uDE00e");
        assertThat(lines.position(0)).isEqualTo(new SourcePosition(1, 1));
        assertThat(lines.position(3)).isEqualTo(new SourcePosition(2, 1));
        assertThat(lines.position(5)).isEqualTo(new SourcePosition(3, 1));
        assertThat(lines.position(7)).isEqualTo(new SourcePosition(3, 3));
        assertThat(lines.position(10)).isEqualTo(new SourcePosition(4, 2));
        assertThat(lines.endPosition()).isEqualTo(new SourcePosition(4, 3));
    }
}
