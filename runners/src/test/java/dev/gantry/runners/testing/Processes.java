package dev.gantry.runners.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/** This machine's live processes, from {@code /proc}. */
public final class Processes {
    private Processes() {
    }

    /** The live (non-zombie) processes, other than this JVM, whose command line contains {@code text}. */
    public static Set<Long> tagged(String text) {
        Set<Long> found = new HashSet<>();
        try (Stream<Path> dirs = Files.list(Path.of("/proc"))) {
            for (Path p : dirs.toList()) {
                String name = p.getFileName().toString();
                if (!name.matches("\\d+") || Long.parseLong(name) == ProcessHandle.current().pid()) {
                    continue;
                }
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
                    String stat = Files.readString(p.resolve("stat"));
                    boolean zombie = stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
                    if (cmd.contains(text) && !zombie) {
                        found.add(Long.parseLong(name));
                    }
                } catch (IOException | RuntimeException ignored) {
                    // gone meanwhile
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** Whether process {@code pid} exists and is not a zombie. */
    public static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
