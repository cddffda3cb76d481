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
 * the next start this finds them on Linux through {@code /proc}: a process whose working folder is under one of the
 * given folders, or whose environment names one of them, belongs to a run of this server (every step starts in, and
 * is told through {@code CATALYST_SOURCE_DIR_*} about, its action's workspace under the run's folder), and is
 * killed. Elsewhere (no {@code /proc}) it finds nothing.
 */
public final class OrphanProcesses {
    private final Path proc;

    public OrphanProcesses(Path proc) {
        this.proc = proc;
    }

    /** Kills every process working in, or told about, one of {@code folders}; returns their pids. */
    public List<Long> kill(List<Path> folders) {
        List<String> markers = folders.stream().map(f -> f.toAbsolutePath().normalize() + "/").toList();
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
                if (pid == self || !belongs(p, markers)) {
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

    private static boolean belongs(Path process, List<String> markers) {
        try {
            String cwd = Files.readSymbolicLink(process.resolve("cwd")) + "/";
            if (markers.stream().anyMatch(cwd::startsWith)) {
                return true;
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not ours to read, or gone
        }
        try {
            byte[] environ = Files.readAllBytes(process.resolve("environ"));
            return markers.stream().anyMatch(m -> contains(environ, m.getBytes(StandardCharsets.UTF_8)));
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
