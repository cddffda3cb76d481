package dev.gantry.runners.docker;

import dev.gantry.engine.config.Architecture;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code docker} command-line client (found on {@code PATH} of the given environment) for short commands
 * with a time limit: {@code docker version} to probe an engine, {@code docker rm -f} to remove a container.
 */
public final class DockerCli implements DockerProbe {
    private final Map<String, String> environment;
    private final Duration timeout;
    private final Elsewhere elsewhere;

    /**
     * @param environment the environment of the client (its {@code PATH}, {@code DOCKER_*}, {@code HOME})
     * @param timeout     how long one command may take
     */
    public DockerCli(Map<String, String> environment, Duration timeout) {
        this(environment, timeout, null);
    }

    private DockerCli(Map<String, String> environment, Duration timeout, Elsewhere elsewhere) {
        this.environment = Map.copyOf(environment);
        this.timeout = timeout;
        this.elsewhere = elsewhere;
    }

    /**
     * Another machine that runs a short bash script and answers its stdout: an ssh host, through the runner's
     * connection ({@code Transport.Session#run}).
     */
    @FunctionalInterface
    public interface Elsewhere {
        /** Runs {@code script} there within {@code limit}; its stdout. */
        byte[] run(String script, Duration limit) throws java.io.IOException;
    }

    private static final String EXIT_MARK = "__gantry_docker_exit=";

    /**
     * The {@code docker} client of another machine (found on its {@code PATH}), reached through {@code elsewhere}:
     * its engine is that machine's, and this machine's {@code DOCKER_*} variables do not apply.
     */
    public static DockerCli elsewhere(Elsewhere elsewhere, Duration timeout) {
        return new DockerCli(Map.of(), timeout, elsewhere);
    }

    /** Whether the client runs on another machine ({@link #elsewhere}). */
    public boolean remote() {
        return elsewhere != null;
    }

    /** This client with another environment and time limit (the same machine). */
    public DockerCli with(Map<String, String> environment, Duration timeout) {
        return new DockerCli(environment, timeout, elsewhere);
    }

    /** The client of this process's environment, with a 20 s limit per command. */
    public static DockerCli forThisProcess() {
        return new DockerCli(System.getenv(), Duration.ofSeconds(20));
    }

    /** The client's environment with {@code DOCKER_HOST} set to {@code dockerHost} (kept when {@code null}). */
    public Map<String, String> environment(String dockerHost) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        if (dockerHost != null) {
            env.put("DOCKER_HOST", dockerHost);
        }
        return env;
    }

    /** Whether a {@code docker} executable is on the client's {@code PATH} (for a remote client: assumed). */
    public boolean installed() {
        return executable() != null;
    }

    /** The {@code docker} executable on {@code PATH}, or {@code null}; {@code docker} for a remote client. */
    public String executable() {
        if (elsewhere != null) {
            return "docker";
        }
        for (String dir : environment.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "docker"))) {
                return Path.of(dir, "docker").toString();
            }
        }
        return null;
    }

    @Override
    public DockerEngine probe(String dockerHost) {
        if (!installed()) {
            return DockerEngine.unreachable(dockerHost, "the docker command is not installed (not on PATH)");
        }
        Result r = run(dockerHost, List.of("version", "--format", "{{.Server.Arch}} {{.Server.Version}}"));
        String out = r.output().strip();
        if (r.exitCode() != 0) {
            String why = lastLine(out);
            return DockerEngine.unreachable(dockerHost, "no Docker engine answers"
                    + (dockerHost == null ? "" : " at " + dockerHost) + (why.isEmpty() ? "" : ": " + why));
        }
        String[] f = lastLine(out).split(" ");
        return DockerEngine.reachable(dockerHost, Architecture.parse(f[0]), f.length > 1 ? f[1] : "");
    }

    /**
     * Runs {@code docker ARGS} against {@code dockerHost} ({@code null}: the client's default), stdin empty,
     * stdout and stderr merged; ends it after the time limit (exit code -1).
     */
    public Result run(String dockerHost, List<String> args) {
        if (elsewhere != null) {
            List<String> argv = new ArrayList<>(List.of("docker"));
            if (dockerHost != null) {
                argv.addAll(List.of("--host", dockerHost));
            }
            argv.addAll(args);
            String out;
            try {
                out = new String(elsewhere.run(dev.gantry.runners.transport.ShellQuoting.commandLine(argv)
                        + " </dev/null 2>&1; rc=$?; echo; echo " + EXIT_MARK + "$rc", timeout), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                return new Result(-1, "could not run docker there: " + e.getMessage());
            }
            int mark = out.lastIndexOf(EXIT_MARK);
            if (mark < 0) {
                return new Result(-1, out);
            }
            String output = out.substring(0, Math.max(0, mark - 1)); // without the newline added before the mark
            try {
                return new Result(Integer.parseInt(out.substring(mark + EXIT_MARK.length()).strip()), output);
            } catch (NumberFormatException e) {
                return new Result(-1, out);
            }
        }
        String docker = executable();
        if (docker == null) {
            return new Result(-1, "the docker command is not installed (not on PATH)");
        }
        List<String> command = new ArrayList<>();
        command.add(docker);
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(environment(dockerHost));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Result(-1, "could not start docker: " + e.getMessage());
        }
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return new Result(-1, "docker " + String.join(" ", args) + " did not finish within "
                        + timeout.toSeconds() + " s");
            }
            return new Result(p.exitValue(), output.join());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return new Result(-1, "interrupted");
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String lastLine(String s) {
        String t = s.strip();
        int nl = t.lastIndexOf('\n');
        return nl < 0 ? t : t.substring(nl + 1).strip();
    }

    /**
     * A finished {@code docker} command.
     *
     * @param exitCode its exit status, -1 when it could not run or took too long
     * @param output   stdout and stderr
     */
    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }
}
