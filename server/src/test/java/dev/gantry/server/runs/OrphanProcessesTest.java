package dev.gantry.server.runs;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Real processes found through the real /proc (Linux only): by working folder, and by environment. */
class OrphanProcessesTest {
    @TempDir
    Path tmp;

    @Test
    void killsProcessesWorkingInOrToldAboutARunFolderAndNoOthers() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs /proc (Linux)");
        Path run = Files.createDirectories(tmp.resolve("runs/2/work/Hold"));
        Path other = Files.createDirectories(tmp.resolve("elsewhere"));
        Process inside = new ProcessBuilder("sleep", "300").directory(run.toFile()).start();
        ProcessBuilder told = new ProcessBuilder("sleep", "301").directory(other.toFile());
        told.environment().put("CATALYST_SOURCE_DIR_WorkflowSource", run.resolve("WorkflowSource").toString());
        Process toldProcess = told.start();
        Process unrelated = new ProcessBuilder("sleep", "302").directory(other.toFile()).start();
        try {
            List<Long> killed = new OrphanProcesses(Path.of("/proc")).kill(List.of(tmp.resolve("runs/2/work")));
            assertThat(killed).contains(inside.pid(), toldProcess.pid()).doesNotContain(unrelated.pid());
            assertThat(inside.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(toldProcess.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(unrelated.isAlive()).isTrue();
        } finally {
            inside.destroyForcibly();
            toldProcess.destroyForcibly();
            unrelated.destroyForcibly();
        }
    }
}
