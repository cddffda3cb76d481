package dev.gantry.runners.workspace;

import dev.gantry.engine.files.FolderTrees;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where runs keep their actions' scratch folders: one private folder per run, {@code <parent>/gantry-<run-id>/}
 * (mode 700), on the memory file system when there is one ({@code /dev/shm}). Each holds an {@code owner} file
 * naming the Gantry process that made it (pid and start time), so that {@link #sweepStale()} can remove the folders
 * of runs whose Gantry died without cleaning up ({@code kill -9}, a power cut on a persistent tmpfs).
 */
public final class ScratchRoots {
    /** The owner file's name in a run's scratch root. */
    public static final String OWNER = "owner";
    private static final String PREFIX = "gantry-";

    private final Path parent;

    /** @param parent the folder holding the runs' scratch roots */
    public ScratchRoots(Path parent) {
        this.parent = parent;
    }

    /** {@code /dev/shm} when it is a writable folder, else the JVM's temporary folder. */
    public static ScratchRoots system() {
        Path shm = Path.of("/dev/shm");
        return new ScratchRoots(Files.isDirectory(shm) && Files.isWritable(shm) ? shm
                : Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** The folder holding the runs' scratch roots. */
    public Path parent() {
        return parent;
    }

    /** Makes {@code <parent>/gantry-<runId>/} (mode 700) owned by this process. */
    public Path create(String runId) throws IOException {
        Path dir = parent.resolve(PREFIX + runId);
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        ProcessHandle self = ProcessHandle.current();
        Files.writeString(dir.resolve(OWNER), self.pid() + " " + startOf(self).map(Instant::toString).orElse("-")
                + "\n");
        return dir;
    }

    /**
     * Removes every run's scratch root whose owner is gone: its process has exited, or its pid now belongs to a
     * process started at another time (a root without a readable owner file, e.g. an older Gantry's, is left to the
     * run records' sweep). Returns the removed folders. Call it when Gantry starts (the run service does).
     */
    public List<Path> sweepStale() {
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent, PREFIX + "*")) {
            for (Path dir : ds) {
                if (Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !ownerAlive(dir)) {
                    try {
                        FolderTrees.deleteTree(dir);
                        removed.add(dir);
                    } catch (IOException e) {
                        // another user's, or being removed right now: leave it
                    }
                }
            }
        } catch (IOException e) {
            // the parent is unreadable: nothing to sweep
        }
        return removed;
    }

    private static boolean ownerAlive(Path dir) {
        String[] f;
        try {
            f = Files.readString(dir.resolve(OWNER), StandardCharsets.UTF_8).strip().split(" ");
        } catch (IOException e) {
            return true;
        }
        try {
            Optional<ProcessHandle> p = ProcessHandle.of(Long.parseLong(f[0]));
            if (p.isEmpty() || !p.get().isAlive()) {
                return false;
            }
            return f.length < 2 || f[1].equals("-") || startOf(p.get()).map(Instant::toString).orElse(f[1])
                    .equals(f[1]);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Optional<Instant> startOf(ProcessHandle p) {
        return p.info().startInstant();
    }
}
