package dev.gantry.runners.workspace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ScratchRootsTest {
    @TempDir
    Path tmp;

    @Test
    void aRunsRootIsPrivateAndSurvivesTheSweepWhileItsGantryLives() throws Exception {
        ScratchRoots roots = new ScratchRoots(tmp);
        Path mine = roots.create("run-1");
        assertThat(Files.getPosixFilePermissions(mine).toString()).doesNotContain("GROUP", "OTHERS");
        assertThat(roots.sweepStale()).isEmpty();
        assertThat(mine).isDirectory();
    }

    @Test
    void theRootOfAGantryThatDiedIsRemovedWithItsFiles() throws Exception {
        // a real process that has exited stands for a gantry killed with kill -9
        Process dead = new ProcessBuilder("true").start();
        ProcessHandle handle = dead.toHandle();
        String start = handle.info().startInstant().map(Object::toString).orElse("-");
        dead.waitFor();
        Path stale = Files.createDirectories(tmp.resolve("gantry-run-dead/A"));
        Files.writeString(stale.resolve("outputs"), "TOKEN\0secret\0");
        Files.writeString(tmp.resolve("gantry-run-dead/owner"), handle.pid() + " " + start + "\n");
        // a live pid with another start time: the pid was reused, the owner is gone too
        Files.createDirectories(tmp.resolve("gantry-run-reused"));
        Files.writeString(tmp.resolve("gantry-run-reused/owner"), ProcessHandle.current().pid()
                + " 2001-01-01T00:00:00Z\n");
        Path other = Files.createDirectories(tmp.resolve("not-gantry"));

        ScratchRoots roots = new ScratchRoots(tmp);
        Path mine = roots.create("run-live");
        assertThat(roots.sweepStale()).containsExactlyInAnyOrder(tmp.resolve("gantry-run-dead"),
                tmp.resolve("gantry-run-reused"));
        assertThat(tmp.resolve("gantry-run-dead")).doesNotExist();
        assertThat(mine).isDirectory();
        assertThat(other).isDirectory();
    }
}
