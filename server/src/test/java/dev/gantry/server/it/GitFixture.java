package dev.gantry.server.it;

import dev.gantry.scm.git.GitRepos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A real bare repository people push to and a working clone, driven with the real git command. */
final class GitFixture {
    final Path bare;
    final Path work;

    GitFixture(Path root) throws Exception {
        bare = root.resolve("origin.git");
        work = root.resolve("work");
        git(root, "init", "-q", "--bare", "-b", "main", bare.toString());
        git(root, "init", "-q", "-b", "main", work.toString());
        git(work, "config", "user.email", "dev@example.com");
        git(work, "config", "user.name", "Dev");
        git(work, "remote", "add", "origin", bare.toString());
    }

    /** Writes files (path to content) into the working tree. */
    GitFixture write(Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = work.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
        }
        return this;
    }

    /** Commits everything; returns the commit id. */
    String commit(String message) throws Exception {
        git(work, "add", "-A");
        git(work, "commit", "-q", "--allow-empty", "-m", message);
        return git(work, "rev-parse", "HEAD").strip();
    }

    /** Pushes {@code branch}; returns git's output (the hook's messages included). */
    String push(String branch) throws Exception {
        return git(work, "push", "-q", "origin", "HEAD:refs/heads/" + branch);
    }

    String checkoutNew(String branch) throws Exception {
        return git(work, "checkout", "-q", "-b", branch);
    }

    String checkout(String branch) throws Exception {
        return git(work, "checkout", "-q", branch);
    }

    /** Installs {@code examples/post-receive/post-receive} in the bare repository, pointed at {@code url}. */
    void installHook(Path hookScript, String url, Path tokenFile) throws Exception {
        Path hook = bare.resolve("hooks").resolve("post-receive");
        Files.copy(hookScript, hook);
        hook.toFile().setExecutable(true);
        git(bare, "config", "gantry.url", url);
        git(bare, "config", "gantry.tokenFile", tokenFile.toString());
    }

    static String git(Path dir, String... args) throws Exception {
        return GitRepos.git(dir, args);
    }
}
