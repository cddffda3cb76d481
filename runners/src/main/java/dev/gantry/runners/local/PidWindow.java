package dev.gantry.runners.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which process ids can belong to processes started since an action's shell: Linux hands out pids in increasing
 * order, wrapping from {@code pid_max} to 300, so every process started after the shell (pid {@code shell}) has a pid
 * in the cyclic range from {@code shell} to the last pid handed out ({@code /proc/loadavg}), unless the allocator
 * came all the way round since. It cannot have when fewer forks happened since than half the range
 * ({@code processes} of {@code /proc/stat}, counted before the shell started: every fork and thread of the machine,
 * so never fewer than the pids handed out here) and fewer than a quarter of the range are in use (coming round in
 * fewer forks needs the pids it skips to be in use). The sweep then reads the environments of those processes only,
 * instead of every process's: about 0.1 ms instead of 1 ms per action on a machine running 100 processes.
 *
 * @param shell         the shell's pid
 * @param forksBefore   {@code processes} of {@code /proc/stat} before the shell started
 */
record PidWindow(long shell, long forksBefore) {
    private static final Path PROC = Path.of("/proc");
    private static final long PID_MIN = 300;

    /** The fork count to give {@link PidWindow}, read before the shell starts; {@code -1} when unknown. */
    static long forks() {
        try {
            String stat = Files.readString(PROC.resolve("stat"), StandardCharsets.ISO_8859_1);
            int at = stat.indexOf("\nprocesses ");
            if (at < 0) {
                return -1;
            }
            int end = stat.indexOf('\n', at + 1);
            return Long.parseLong(stat.substring(at + 11, end < 0 ? stat.length() : end).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The range to read now, or {@code null} for every process (no window: the counts cannot be read, the allocator
     * may have come round, or {@code /proc} is another pid namespace's).
     */
    Range now() {
        try {
            if (forksBefore < 0 || !Files.readSymbolicLink(PROC.resolve("self")).toString()
                    .equals(Long.toString(ProcessHandle.current().pid()))) {
                return null;
            }
            long forksNow = forks();
            long pidMax;
            try (InputStream in = Files.newInputStream(PROC.resolve("sys/kernel/pid_max"))) {
                // in one read: a sysctl file read from an offset past 0 says end of file
                byte[] b = new byte[64];
                int n = in.read(b);
                pidMax = Long.parseLong(new String(b, 0, Math.max(0, n), StandardCharsets.ISO_8859_1).trim());
            }
            // loadavg: "0.38 1.18 1.71 11/271 31350": running/all tasks, then the last pid handed out.
            String[] load = Files.readString(PROC.resolve("loadavg"), StandardCharsets.ISO_8859_1).trim().split(" ");
            long tasks = Long.parseLong(load[3].substring(load[3].indexOf('/') + 1));
            long last = Long.parseLong(load[4]);
            return window(shell, last, forksNow - forksBefore, tasks, pidMax);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The range from {@code shell} to {@code last}, or {@code null} when the allocator may have come round. */
    static Range window(long shell, long last, long forks, long tasks, long pidMax) {
        long ring = pidMax - PID_MIN;
        if (forks < 0 || ring <= 0 || forks >= ring / 2 || tasks >= ring / 4) {
            return null;
        }
        return new Range(shell, last);
    }

    /** The cyclic range of pids from {@code first} to {@code last}, both included. */
    record Range(long first, long last) {
        boolean contains(long pid) {
            return first <= last ? pid >= first && pid <= last : pid >= first || pid <= last;
        }
    }
}
