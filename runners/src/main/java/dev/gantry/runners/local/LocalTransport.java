package dev.gantry.runners.local;

import dev.gantry.engine.run.Cancellation;
import dev.gantry.engine.run.StepsJob;
import dev.gantry.runners.transport.ProcessShell;
import dev.gantry.runners.transport.Transport;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The shell runs on this machine, with exactly the job's environment (nothing else from Gantry's), in the job's own
 * folders. Nothing to send or copy back. When Gantry has a controlling terminal, {@code bash} is the leader of a new
 * session ({@code setsid}, when installed): the steps get no terminal (a prompt fails at once instead of waiting on
 * the user's screen, or stopping the action with SIGTTIN) and Ctrl-C reaches Gantry only, which ends the actions in
 * order. Without one (CI, a server, output to a pipe) there is no terminal to keep from the steps, and {@code bash}
 * starts directly: one program fewer started per action (about 0.8 ms here).
 */
public final class LocalTransport implements Transport {
    private static final File DEV_NULL = new File("/dev/null");
    /** How long what an action left running gets to end by itself after its shell exited, before SIGTERM. */
    private static final Duration SETTLE = Duration.ofSeconds(1);
    /** {@code setsid}'s path, found once (Java would search the PATH at each start), or {@code null}: no session. */
    private final String setsid;

    /** The transport of this process: a new session per shell when this process has a controlling terminal. */
    public LocalTransport() {
        this(hasControllingTerminal());
    }

    /** @param newSession start each shell as the leader of a new session (with {@code setsid}, when installed) */
    public LocalTransport(boolean newSession) {
        this.setsid = newSession ? onPath("setsid") : null;
    }

    /**
     * Whether this process has a controlling terminal: the {@code tty_nr} of {@code /proc/self/stat} on Linux; where
     * that cannot be read, assumed so.
     */
    static boolean hasControllingTerminal() {
        try {
            return terminalOf(Files.readString(Path.of("/proc/self/stat"))) != 0;
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /** The {@code tty_nr} field of a {@code /proc/<pid>/stat} line (after the command name, which may hold spaces). */
    static long terminalOf(String stat) {
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Long.parseLong(after[4]); // state ppid pgrp session tty_nr
    }

    @Override
    public String kind() {
        return "local";
    }

    /** This machine's architecture in the labels' terms: {@code amd64} or {@code arm64} (else as Java says). */
    public static String hostArchitecture() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }

    @Override
    public Session open(StepsJob job, Cancellation cancellation) {
        return new Session() {
            private volatile Process shell;
            private volatile PidWindow window;

            @Override
            public Map<String, String> environment(StepsJob j) {
                return Map.of(); // the process gets the job's environment itself
            }

            @Override
            public ShellProcess start(List<String> command) throws IOException {
                List<String> argv = new ArrayList<>();
                if (setsid != null) {
                    argv.add(setsid);
                }
                // An `env NAME=VALUE... command` prefix (the cookie) goes into the environment: one exec fewer.
                int first = 0;
                Map<String, String> assignments = new java.util.LinkedHashMap<>();
                if (command.size() > 1 && command.get(0).equals("env")) {
                    first = 1;
                    while (first < command.size() - 1 && command.get(first).matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
                        String a = command.get(first++);
                        assignments.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
                    }
                }
                argv.addAll(command.subList(first, command.size()));
                ProcessBuilder pb = new ProcessBuilder(argv).directory(job.workingDirectory().toFile())
                        .redirectErrorStream(true);
                pb.environment().clear();
                pb.environment().putAll(job.environment());
                pb.environment().putAll(assignments);
                long forks = PidWindow.forks(); // before the shell starts: it counts every fork since
                shell = pb.start();
                window = new PidWindow(shell.pid(), forks);
                return new ProcessShell(shell);
            }

            @Override
            public byte[] endProcesses(String cookie, String cgroup, Duration grace, String then, Duration limit)
                    throws IOException {
                try {
                    // Once the shell has exited (not on cancel), what is left gets a moment to end by itself.
                    Process p = shell;
                    Duration settle = p != null && !p.isAlive() ? SETTLE : Duration.ZERO;
                    new LocalProcessSweep(cookie, cgroup, grace, settle, window).run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while ending the action's processes", e);
                }
                return then.isEmpty() ? new byte[0] : runHere(then, limit);
            }

            @Override
            public byte[] run(String script, Duration limit) throws IOException {
                return runHere(script, limit);
            }

            @Override
            public byte[] read(String path) throws IOException {
                return ProcessShell.readHere(path);
            }

            @Override
            public boolean worksInPlace() {
                return true;
            }

            @Override
            public String describe() {
                return "this machine";
            }

            @Override
            public void close(boolean copyBack) {
                // the executor removes the scratch folder; the workspace is the job's own
            }
        };
    }

    /** Runs a bash script here with an empty environment, stdin {@code /dev/null}; returns its stdout. */
    static byte[] runHere(String script, Duration limit) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("bash", "--noprofile", "--norc", "-c", script)
                .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().keySet().removeIf(k -> !k.equals("PATH"));
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        return out.toByteArray();
    }

    private static String onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return Path.of(dir, command).toAbsolutePath().toString();
            }
        }
        return null;
    }
}
