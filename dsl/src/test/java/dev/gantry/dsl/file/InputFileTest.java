package dev.gantry.dsl.file;

import dev.gantry.dsl.LoadedWorkflow;
import dev.gantry.dsl.WorkflowFiles;
import dev.gantry.dsl.validate.ValidationOptions;
import dev.gantry.engine.diagnostic.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Special files and oversized files end in one message, never a hang or an OutOfMemoryError (issue 11, item 5). */
class InputFileTest {
    @TempDir
    Path dir;

    private final WorkflowFiles files = new WorkflowFiles(ValidationOptions.DEFAULT);

    private Path fifo(String name) throws IOException, InterruptedException {
        Path p = dir.resolve(name);
        Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        assertThat(mk.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(mk.exitValue()).isZero();
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"x.yaml", "x.groovy"})
    @Timeout(60)
    void aFifoIsRefusedNotWaitedOn(String name) throws Exception {
        LoadedWorkflow w = files.load(fifo(name), name);
        assertThat(w.diagnostics()).extracting(Diagnostic::format).containsExactly(name + ": error: not a regular "
                + "file (a device, FIFO or socket); Gantry reads only regular files [file-read]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x.yaml", "x.groovy"})
    @Timeout(60)
    void aSymlinkToDevZeroIsRefused(String name) throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve(name), Path.of("/dev/zero"));
        LoadedWorkflow w = files.load(link, name);
        assertThat(w.diagnostics()).extracting(Diagnostic::format).containsExactly(name + ": error: not a regular "
                + "file (a device, FIFO or socket); Gantry reads only regular files [file-read]");
    }

    @Test
    void aFolderNamedLikeAWorkflowIsRefused() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("x.yaml"));
        assertThat(files.load(folder, "x.yaml").diagnostics()).extracting(Diagnostic::message)
                .containsExactly("not a regular file (a directory); Gantry reads only regular files");
    }

    @Test
    void aLargeFileIsRefusedWithItsSizeAndTheLimit() throws IOException {
        Path big = Files.write(dir.resolve("secrets.env"), new byte[3 * 1024 * 1024]);
        assertThatThrownBy(() -> new InputFile(big, 1024 * 1024).bytes())
                .isInstanceOf(UnreadableFile.class)
                .hasMessage("the file is 3072 KB; Gantry reads at most 1024 KB from it");
    }

    @Test
    void aGroovyScriptOverTheLimitGetsTheSameFindingAsYaml() throws IOException {
        Path big = Files.writeString(dir.resolve("big.groovy"), "//" + "x".repeat(300 * 1024));
        assertThat(files.load(big, "big.groovy").diagnostics()).extracting(Diagnostic::format)
                .containsExactly("big.groovy: error: the file is 301 KB; CodeCatalyst ignores workflow files over "
                        + "256 KB [file-size]");
    }

    @Test
    void badUtf8IsReportedWhereItIs() throws IOException {
        Path bad = Files.write(dir.resolve("bad.groovy"), new byte[] {'a', '\n', 'b', 'c', (byte) 0xC3, '('});
        assertThat(files.load(bad, "bad.groovy").diagnostics()).extracting(Diagnostic::format)
                .containsExactly("bad.groovy:2:3: error: the file is not valid UTF-8 (byte 0xC3); save it as UTF-8 "
                        + "[encoding]");
    }
}
