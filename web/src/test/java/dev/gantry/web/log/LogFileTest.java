package dev.gantry.web.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LogFileTest {
    @TempDir
    Path tmp;

    private Path log(int lines, String partial) throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= lines; i++) {
            b.append("line ").append(i).append('\n');
        }
        b.append(partial);
        return Files.writeString(tmp.resolve("a.log"), b, StandardCharsets.UTF_8);
    }

    @Test
    void theEndShowsTheLastThousandCompleteLinesNumbered() throws Exception {
        Path f = log(2500, "half a li");
        LogFile.Window w = LogFile.read(f, 0);
        assertThat(w.lines()).hasSize(LogFile.WINDOW);
        assertThat(w.lines().get(0)).isEqualTo(new LogFile.Line(1501, "line 1501"));
        assertThat(w.lines().get(999)).isEqualTo(new LogFile.Line(2500, "line 2500"));
        assertThat(w.total()).isEqualTo(2501);
        assertThat(w.endOffset()).as("the stream goes on with the partial line").isEqualTo(Files.size(f) - 9);
    }

    @Test
    void aWindowFromALine() throws Exception {
        Path f = log(2500, "");
        LogFile.Window w = LogFile.read(f, 2000);
        assertThat(w.lines()).hasSize(501);
        assertThat(w.lines().get(0)).isEqualTo(new LogFile.Line(2000, "line 2000"));
        assertThat(LogFile.read(f, 1).lines().get(0).text()).isEqualTo("line 1");
        assertThat(LogFile.read(f, 99999).lines()).isEmpty();
    }

    @Test
    void aShortLogAndAMissingOne() throws Exception {
        LogFile.Window w = LogFile.read(log(3, ""), 0);
        assertThat(w.lines()).extracting(LogFile.Line::number).containsExactly(1L, 2L, 3L);
        assertThat(LogFile.read(tmp.resolve("none.log"), 0).lines()).isEmpty();
    }

    @Test
    void searchFindsLinesCaseInsensitivelyWithTheirNumbers() throws Exception {
        LogFile.Window w = LogFile.search(log(30, ""), "LINE 2");
        assertThat(w.lines()).extracting(LogFile.Line::number).containsExactly(2L, 20L, 21L, 22L, 23L, 24L, 25L, 26L,
                27L, 28L, 29L);
    }

    @Test
    void aHugeLineIsCut() throws Exception {
        Path f = Files.writeString(tmp.resolve("b.log"), "x".repeat(100_000) + "\n");
        String text = LogFile.read(f, 0).lines().get(0).text();
        assertThat(text).startsWith("xxx").contains("line cut").hasSizeLessThan(LogFile.MAX_LINE + 100);
    }
}
