package dev.gantry.scm.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real git repositories for tests, made with the git command line: a bare "origin" and a clone to commit in. */
public final class GitRepos {
    final Path origin;
    final Path work;

    GitRepos(Path dir) throws IOException, InterruptedException {
        origin = dir.resolve("origin.git");
        work = dir.resolve("work");
        git(dir, "init", "-q", "--bare", "-b", "main", origin.toString());
        git(dir, "init", "-q", "-b", "main", work.toString());
        git("config", "user.email", "dev@example.com");
        git("config", "user.name", "Dev");
        git("config", "commit.gpgsign", "false");
        git("remote", "add", "origin", origin.toString());
    }

    /** Writes files (path, content pairs) and commits them; returns the commit id. */
    String commit(String message, String... pathsAndContents) throws IOException, InterruptedException {
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            Path file = work.resolve(pathsAndContents[i]);
            Files.createDirectories(file.getParent());
            Files.writeString(file, pathsAndContents[i + 1]);
            git("add", pathsAndContents[i]);
        }
        git("commit", "-q", "--allow-empty", "-m", message);
        return head();
    }

    String head() throws IOException, InterruptedException {
        return git("rev-parse", "HEAD").trim();
    }

    String git(String... args) throws IOException, InterruptedException {
        return git(work, args);
    }

    /** Runs git in {@code dir}; its output, or an exception with it when git fails. */
    public static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("git"));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("git " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }
}
