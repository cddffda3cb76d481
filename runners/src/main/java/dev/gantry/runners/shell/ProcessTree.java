package dev.gantry.runners.shell;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Ends a shell and everything it started. The local runner starts each action's bash as the leader of a new
 * session ({@code setsid}), so every process it forks, even one that double-forks away from its parent, keeps that
 * session id; this class finds them in {@code /proc} (plus the leader's live descendants, for systems without
 * {@code setsid}), sends SIGTERM, waits up to a grace period, then sends SIGKILL to what is left.
 */
public final class ProcessTree {
    private static final Path PROC = Path.of("/proc");

    private ProcessTree() {
    }

    /** Whether {@code setsid} can be used to start a shell in a session of its own. */
    public static boolean setsidAvailable() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "setsid"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The live processes of session {@code sid} (the session leader's pid) and the live descendants of
     * {@code leader}, excluding zombies.
     */
    public static Set<Long> members(long sid, ProcessHandle leader) {
        Set<Long> found = new LinkedHashSet<>();
        if (leader != null) {
            if (leader.isAlive()) {
                found.add(leader.pid());
            }
            leader.descendants().forEach(p -> found.add(p.pid()));
        }
        if (Files.isDirectory(PROC)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(PROC, p -> isNumber(p.getFileName().toString()))) {
                for (Path p : ds) {
                    long[] info = sessionAndZombie(p.resolve("stat"));
                    if (info != null && info[0] == sid && info[1] == 0) {
                        found.add(Long.parseLong(p.getFileName().toString()));
                    }
                }
            } catch (IOException ignored) {
                // /proc unreadable: descendants only
            }
        }
        found.removeIf(pid -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true) || isZombie(pid));
        return found;
    }

    /**
     * Ends session {@code sid} and the descendants of {@code leader}: SIGTERM, then SIGKILL after {@code grace} to
     * whatever is still there. Returns when none is left (or after a few rounds of SIGKILL).
     */
    public static void end(long sid, ProcessHandle leader, Duration grace) {
        Set<Long> pids = members(sid, leader);
        if (pids.isEmpty()) {
            return;
        }
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy));
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < deadline) {
            if (members(sid, leader).isEmpty()) {
                return;
            }
            sleep(20);
        }
        for (int round = 0; round < 20; round++) {
            Set<Long> left = members(sid, leader);
            if (left.isEmpty()) {
                return;
            }
            left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            sleep(20);
        }
    }

    private static long[] sessionAndZombie(Path stat) {
        try {
            String s = Files.readString(stat);
            int close = s.lastIndexOf(')');
            String[] f = s.substring(close + 2).split(" ");
            // after "pid (comm) ": state ppid pgrp session ...
            return new long[] {Long.parseLong(f[3]), "Z".equals(f[0]) || "X".equals(f[0]) ? 1 : 0};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean isZombie(long pid) {
        long[] info = sessionAndZombie(PROC.resolve(Long.toString(pid)).resolve("stat"));
        return info != null && info[1] == 1;
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
