package dev.gantry.cli.run;

import dev.gantry.cli.GantryCommand;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Helpers for run tests: repositories on disk, in-process runs, JSON event lines, process checks. */
final class RunTestSupport {
    private RunTestSupport() {
    }

    /** What a run printed and returned. */
    record Result(int exitCode, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }

        /** The --json event lines of {@code type} (and of {@code action} when not null). */
        List<String> events(String type, String action) {
            return out.lines().filter(l -> l.contains("\"type\":\"" + type + "\""))
                    .filter(l -> action == null || l.contains("\"action\":\"" + action + "\"")).toList();
        }

        /** The {@code time} of the first event of {@code type} for {@code action}. */
        java.time.Instant time(String type, String action) {
            String line = events(type, action).get(0);
            Matcher m = Pattern.compile("\"time\":\"([^\"]+)\"").matcher(line);
            if (!m.find()) {
                throw new IllegalStateException(line);
            }
            return java.time.Instant.parse(m.group(1));
        }

        /** The status of an action from its action.finished event. */
        String status(String action) {
            String line = events("action.finished", action).get(0);
            Matcher m = Pattern.compile("\"status\":\"([^\"]+)\"").matcher(line);
            return m.find() ? m.group(1) : null;
        }
    }

    /** A repository folder with {@code .codecatalyst/workflows/w.yaml}; returns the workflow file. */
    static Path repo(Path dir, String yaml) throws IOException {
        Path file = dir.resolve(".codecatalyst/workflows/w.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        return file;
    }

    /** Runs {@code gantry run ARGS} in this JVM. */
    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = GantryCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>();
        all.add("run");
        all.addAll(List.of(args));
        int code = cl.execute(all.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    /** Every file under {@code dir} as text, for searching (binary files included as bytes). */
    static String allText(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder();
        if (!Files.exists(dir)) {
            return "";
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                sb.append(p).append('\n').append(new String(Files.readAllBytes(p))).append('\n');
            }
        }
        return sb.toString();
    }

    /** Live (non-zombie) processes whose command line contains {@code tag}. */
    static Set<Long> processesTagged(String tag) throws IOException {
        Set<Long> found = new HashSet<>();
        try (Stream<Path> dirs = Files.list(Path.of("/proc"))) {
            for (Path p : dirs.toList()) {
                if (!p.getFileName().toString().matches("\\d+")) {
                    continue;
                }
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
                    String stat = Files.readString(p.resolve("stat"));
                    boolean zombie = stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
                    if (cmd.contains(tag) && !zombie) {
                        found.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException ignored) {
                    // gone meanwhile
                }
            }
        }
        return found;
    }

    static void git(Path dir, String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", script).directory(dir.toFile()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(out);
        }
    }

    /**
     * A git repository {@code parent/name} holding {@code files} (path to text; {@code .sh} files executable),
     * committed on {@code branch}, tagged {@code tag} unless null: a GitHub action served to the action cache. Give
     * it a {@code @TempDir} of its own as {@code parent} (not the workflow's repository, not beside it: JUnit removes
     * only its temporary folders, nothing next to them).
     */
    static Path gitRepository(Path parent, String name, String branch, String tag, Map<String, String> files)
            throws Exception {
        Path repo = parent.resolve(name);
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path file = repo.resolve(f.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, f.getValue());
            file.toFile().setExecutable(f.getKey().endsWith(".sh"));
        }
        git(repo, "git init -q -b " + branch + " . && git add -A && git -c user.email=t@t -c user.name=t commit -qm "
                + "action" + (tag == null ? "" : " && git tag " + tag));
        return repo;
    }

    static Map<String, String> env(String... kv) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
