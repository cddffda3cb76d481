package dev.gantry.runners.shell;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Output variable values that are not UTF-8 are said to be changed, never silently (issue 11, item 8). */
class OutputVariablesTest {
    @Test
    void aValueThatIsNotUtf8IsReportedByName() {
        byte[] file = {'T', 'E', 'X', 'T', 0, 'h', (byte) 0xC3, (byte) 0xA9, 0, 'B', 'I', 'N', 0, 'a', (byte) 0xFF,
                'b', 0};
        List<String> warnings = new ArrayList<>();
        assertThat(OutputVariables.parse(file, warnings::add))
                .containsEntry("TEXT", "h\u00e9").containsEntry("BIN", "a\uFFFDb");
        assertThat(warnings).containsExactly("gantry: output variable BIN is not valid UTF-8; the bytes that are not "
                + "were replaced by U+FFFD");
    }
}
