package dev.gantry.runners.local;

import dev.gantry.runners.shell.BashDriver;
import dev.gantry.runners.shell.ProcessSweep;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link ProcessSweep} of a local action done in Java over this machine's {@code /proc}, without starting a
 * process (the script costs a bash, a subshell and a {@code grep} per action: 4-5 ms of CPU, against about 1 ms for
 * this pass over 100 processes). The same rules: a process belongs to the action when it is in the action's cgroup
 * or when its environment holds the action's cookie entry exactly ({@code GANTRY_ACTION_COOKIE=<cookie>}); one whose
 * environment holds {@value ProcessSweep#KEEP} is left running (and moved out of the cgroup); zombies are ignored;
 * the rest get up to the settle time to end by themselves (after the shell exited: a {@code tee} of the steps' output
 * finishing its writes; the script's own start-up used to give them that), then SIGTERM, then after the grace period SIGKILL (and {@code cgroup.kill}) until none is left (40 rounds
 * of 50 ms at most); the cgroup is removed once empty.
 *
 * <p>Given a {@link PidWindow}, only the processes started since the action's shell are read. Environments that
 * cannot be read (other users' processes, processes gone meanwhile) are skipped; each is read up
 * to {@link #MAX_ENVIRON} bytes (the kernel's own limit for arguments and environment together is a quarter of the
 * stack limit, 2 MiB by default).
 */
final class LocalProcessSweep {
    /** The most of one process's environment that is read. */
    static final int MAX_ENVIRON = 8 << 20;
    private static final Path PROC = Path.of("/proc");
    private static final long POLL_MS = 50;
    private static final long SETTLE_POLL_MS = 10;
    private static final int KILL_ROUNDS = 40;

    private final Entry cookie;
    private final Entry keep = new Entry(ProcessSweep.KEEP);
    private final Path cgroup;
    private final Duration grace;
    private final Duration settle;
    private final PidWindow window;
    private final long self = ProcessHandle.current().pid();
    private byte[] buffer = new byte[16 << 10];

    /**
     * @param cookie the action's cookie (the value of {@link BashDriver#COOKIE})
     * @param cgroup the action's cgroup folder, or {@code null}
     * @param grace  how long processes get between SIGTERM and SIGKILL
     * @param settle how long processes found get to end by themselves before SIGTERM (zero: none)
     * @param window which pids can be the action's processes, or {@code null} (every process is read)
     */
    LocalProcessSweep(String cookie, String cgroup, Duration grace, Duration settle, PidWindow window) {
        this.cookie = new Entry(BashDriver.COOKIE + "=" + cookie);
        this.cgroup = cgroup == null || cgroup.isEmpty() ? null : Path.of(cgroup);
        this.grace = grace;
        this.settle = settle;
        this.window = window;
    }

    /** Ends the action's processes; returns when none is left (or after the last SIGKILL round). */
    void run() throws InterruptedException {
        List<ProcessHandle> left = members();
        for (long waited = 0; !left.isEmpty() && waited < settle.toMillis(); waited += SETTLE_POLL_MS) {
            Thread.sleep(SETTLE_POLL_MS);
            left = members();
        }
        if (!left.isEmpty()) {
            left.forEach(ProcessHandle::destroy);
            long rounds = Math.max(1, grace.toMillis() / POLL_MS);
            for (long i = 0; i < rounds && !left.isEmpty(); i++) {
                Thread.sleep(POLL_MS);
                left = members();
            }
            for (int i = 0; i < KILL_ROUNDS && !left.isEmpty(); i++) {
                writeQuietly(cgroup == null ? null : cgroup.resolve("cgroup.kill"), "1");
                left.forEach(ProcessHandle::destroyForcibly);
                Thread.sleep(POLL_MS);
                left = members();
            }
        }
        removeCgroup();
    }

    /** The live processes of the action that are to be ended (moving the ones to keep out of the cgroup). */
    private List<ProcessHandle> members() {
        Set<Long> all = new LinkedHashSet<>();
        if (cgroup != null) {
            try {
                for (String line : Files.readAllLines(cgroup.resolve("cgroup.procs"))) {
                    if (!line.isBlank()) {
                        all.add(Long.parseLong(line.trim()));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // no cgroup (any more): the cookie alone
            }
        }
        PidWindow.Range range = window == null ? null : window.now();
        String[] names = PROC.toFile().list();
        for (String name : names == null ? new String[0] : names) {
            long pid = pidOf(name);
            if (pid > 0 && (range == null || range.contains(pid)) && !all.contains(pid) && hasEntry(pid, cookie)) {
                all.add(pid);
            }
        }
        List<ProcessHandle> found = new ArrayList<>();
        for (long pid : all) {
            if (pid == self) {
                continue;
            }
            if (hasEntry(pid, keep)) {
                if (cgroup != null && cgroup.getParent() != null) {
                    writeQuietly(cgroup.getParent().resolve("cgroup.procs"), Long.toString(pid));
                }
                continue;
            }
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            if (p.isPresent() && !zombie(pid)) {
                found.add(p.get());
            }
        }
        return found;
    }

    /** Whether the environment of process {@code pid} holds {@code entry} as a whole entry. */
    private boolean hasEntry(long pid, Entry entry) {
        try (FileInputStream in = new FileInputStream("/proc/" + pid + "/environ")) {
            int n = 0;
            for (int r; (r = in.read(buffer, n, buffer.length - n)) > 0; ) {
                n += r;
                if (n == buffer.length) {
                    if (n >= MAX_ENVIRON) {
                        break;
                    }
                    buffer = Arrays.copyOf(buffer, Math.min(MAX_ENVIRON, n * 4));
                }
            }
            return entry.in(buffer, n);
        } catch (IOException | RuntimeException e) {
            return false; // gone meanwhile, or not ours to read
        }
    }

    /**
     * An environment entry ({@code NAME=value}) to look for, with its Horspool shift table: a search looks at about
     * one byte in {@code NAME=value}'s length (environments are read for every process on every sweep).
     */
    static final class Entry {
        private final byte[] text;
        private final int[] shift = new int[256];

        Entry(String entry) {
            text = entry.getBytes(StandardCharsets.UTF_8);
            Arrays.fill(shift, text.length);
            for (int i = 0; i < text.length - 1; i++) {
                shift[text[i] & 0xff] = text.length - 1 - i;
            }
        }

        /** Whether the NUL-separated entries in the first {@code end} bytes of {@code env} include this one. */
        boolean in(byte[] env, int end) {
            int m = text.length;
            for (int at = 0; m > 0 && at + m <= end; at += shift[env[at + m - 1] & 0xff]) {
                if (env[at + m - 1] == text[m - 1] && Arrays.equals(env, at, at + m, text, 0, m)
                        && (at == 0 || env[at - 1] == 0) && (at + m == end || env[at + m] == 0)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"),
                    StandardCharsets.ISO_8859_1);
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state == 'Z' || state == 'X';
        } catch (IOException | RuntimeException e) {
            return true; // gone
        }
    }

    private static long pidOf(String name) {
        if (name.isEmpty() || name.length() > 10) {
            return -1;
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(name);
    }

    private void removeCgroup() throws InterruptedException {
        if (cgroup == null) {
            return;
        }
        for (int i = 0; i < 60; i++) {
            try {
                Files.deleteIfExists(cgroup);
                return;
            } catch (IOException e) {
                Thread.sleep(POLL_MS); // not empty yet
            }
        }
    }

    private static void writeQuietly(Path file, String text) {
        if (file == null) {
            return;
        }
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            // gone, or not writable: the signals do it
        }
    }
}
