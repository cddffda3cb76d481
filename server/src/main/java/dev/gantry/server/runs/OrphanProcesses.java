package dev.gantry.server.runs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * After a crash ({@code kill -9} of the server), the step processes of its runs live on, re-parented to PID 1. At
 * the next start this finds them on Linux through {@code /proc}: a process whose working folder or environment names
 * the server's workspaces folder belongs to a run of this server (every step starts in, and is told about, its
 * workspace there), and is killed. Elsewhere (no {@code /proc}) it finds nothing.
 */
public final class OrphanProcesses {
    private final Path proc;

    public OrphanProcesses(Path proc) {
        this.proc = proc;
    }

    /** Kills every process that belongs to {@code workspaces}; returns their pids. */
    public List<Long> kill(Path workspaces) {
        String marker = workspaces.toAbsolutePath().normalize().toString();
        byte[] needle = (marker + "/").getBytes(StandardCharsets.UTF_8);
        long self = ProcessHandle.current().pid();
        List<Long> killed = new ArrayList<>();
        if (!Files.isDirectory(proc)) {
            return killed;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(name);
                if (pid == self || !belongs(p, marker, needle)) {
                    continue;
                }
                ProcessHandle.of(pid).ifPresent(h -> {
                    if (h.destroyForcibly()) {
                        killed.add(pid);
                    }
                });
            }
        } catch (IOException e) {
            // /proc vanished under us: nothing more to find
        }
        return killed;
    }

    private static boolean belongs(Path process, String marker, byte[] needle) {
        try {
            Path cwd = Files.readSymbolicLink(process.resolve("cwd"));
            if (cwd.toString().startsWith(marker + "/")) {
                return true;
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not ours to read, or gone
        }
        try {
            return contains(Files.readAllBytes(process.resolve("environ")), needle);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
