package dev.gantry.cli;

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

/**
 * Special files given to any command are refused with one message, never waited on, read forever or called
 * "no such file" (issue 11, item 5); {@code --version} names the build (issue 11).
 */
class HostileFilesCommandTest {
    private static final String NOT_REGULAR = "not a regular file (a device, FIFO or socket); Gantry reads only "
            + "regular files";

    @TempDir
    Path dir;

    private Path fifo(String name) throws IOException, InterruptedException {
        Path p = dir.resolve(name);
        Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        assertThat(mk.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "graph", "list"})
    @Timeout(120)
    void aFifoIsRefusedByEveryCommand(String command) throws Exception {
        Path f = fifo("x.yaml");
        CommandRun r = CommandRun.gantry(command, f.toString());
        assertThat(r.out() + r.err()).contains(NOT_REGULAR).doesNotContain("no such file");
        assertThat(r.exitCode()).isNotZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "graph"})
    @Timeout(120)
    void aSymlinkToDevZeroIsRefused(String command) throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("zero.yaml"), Path.of("/dev/zero"));
        CommandRun r = CommandRun.gantry(command, link.toString());
        assertThat(r.out() + r.err()).contains(NOT_REGULAR);
    }

    @Test
    @Timeout(120)
    void aSecretsFileThatIsDevZeroIsRefused() throws IOException {
        Path wf = Files.writeString(dir.resolve("w.yaml"), "Name: w\nSchemaVersion: \"1.0\"\nActions:\n  A:\n"
                + "    Identifier: aws/build@v1\n    Configuration:\n      Steps:\n        - Run: \"true\"\n");
        CommandRun r = CommandRun.gantry("run", wf.toString(), "--secrets-file", "/dev/zero", "--dry-run");
        assertThat(r.err()).contains("cannot read the secrets file: " + NOT_REGULAR)
                .doesNotContain("OutOfMemoryError", "\tat ");
        assertThat(r.exitCode()).isNotZero();
    }

    @Test
    @Timeout(300)
    void oneScriptThatBreaksTheCompilerNeverHidesTheOtherFiles() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("wf"));
        Files.writeString(folder.resolve("a-deep.groovy"), "def x = 'a'" + "+'a'".repeat(60000) + "\n");
        Files.writeString(folder.resolve("b-bad.yaml"), "Name: w\nSchemaVersion: \"1.0\"\nActions:\n  A:\n"
                + "    Identifier: aws/build@v1\n    Timout: 5\n    Configuration:\n      Steps:\n        - Run: x\n");
        CommandRun r = CommandRun.gantry("validate", "--format", "json", folder.toString());
        assertThat(r.out()).contains("a-deep.groovy", "b-bad.yaml", "unknown-key", "groovy-");
        assertThat(r.err()).doesNotContain("StackOverflowError", "\tat ");
    }

    @Test
    void versionNamesTheProjectVersionAndTheCommit() {
        CommandRun r = CommandRun.gantry("--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().strip()).matches("gantry \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit ([0-9a-f]{7,}|unknown)\\)");
    }
}
