package dev.gantry.actions.gha;

import dev.gantry.engine.config.GithubActionsConfig;
import dev.gantry.engine.files.FolderTrees;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The action cache: {@code owner/repo@ref} fetched once with git and kept by commit under
 * {@code <cacheDir>/<owner>/<repo>/<commit>/} (a ref, once resolved, stays at its commit:
 * {@code <owner>/<repo>/refs/<ref>}; delete that file to follow a moved branch). Where from, in this order:
 * {@code githubActions.actions} in {@code gantry.yaml} ({@code owner/repo@ref}, then {@code owner/repo}) mapping to a
 * plain local folder (used as it is, whatever the ref) or to a git repository (a path or URL); else
 * {@code githubActions.mirror} + {@code owner/repo}; else {@code https://github.com/owner/repo}. A failure names the
 * {@code gantry.yaml} lines that provide the action offline.
 */
public final class ActionCache implements ActionSource {
    /** How long one git command may take. */
    static final Duration GIT_TIMEOUT = Duration.ofMinutes(5);

    private final Path cacheDir;
    private final String mirror;
    private final Map<String, String> mapping;

    public ActionCache(GithubActionsConfig config, Path home) {
        this.cacheDir = config != null && config.cacheDir() != null ? config.cacheDir()
                : home.resolve(".cache").resolve("gantry").resolve("actions");
        this.mirror = config == null ? null : config.mirror();
        this.mapping = config == null ? Map.of() : config.actions();
    }

    @Override
    public synchronized Path folder(ActionRef ref) throws ActionUnavailable {
        String mapped = mapping.get(ref.repository() + "@" + ref.ref());
        if (mapped == null) {
            mapped = mapping.get(ref.repository());
        }
        boolean localPath = mapped != null && !mapped.contains("://") && !mapped.startsWith("git@");
        if (localPath && Files.isDirectory(Path.of(mapped)) && !isGitRepository(Path.of(mapped))) {
            return inside(Path.of(mapped), ref);
        }
        String url = mapped != null ? mapped : mirror != null ? (mirror.endsWith("/") ? mirror : mirror + "/")
                + ref.repository() : "https://github.com/" + ref.repository();
        Path repoDir = cacheDir.resolve(ref.owner()).resolve(ref.repo());
        try {
            String commit = knownCommit(repoDir, ref.ref());
            if (commit != null && Files.isDirectory(repoDir.resolve(commit))) {
                return inside(repoDir.resolve(commit), ref);
            }
            if (localPath && !Files.isDirectory(Path.of(mapped))) {
                throw new ActionUnavailable(ref + ": gantry.yaml maps " + ref.repository() + " to " + mapped
                        + ", which is not a folder, and the action cache (" + cacheDir + ") does not hold it");
            }
            return inside(repoDir.resolve(fetch(repoDir, url, ref)), ref);
        } catch (IOException e) {
            throw new ActionUnavailable(ref + " is not in the action cache (" + cacheDir + ") and could not be "
                    + "fetched from " + url + ": " + e.getMessage() + ". To provide it offline, map it in "
                    + "gantry.yaml to a folder or a git repository: 'githubActions: {actions: {" + ref.repository()
                    + ": /path/to/" + ref.repo() + "}}'");
        }
    }

    private static Path inside(Path root, ActionRef ref) throws ActionUnavailable {
        Path folder = ref.path().isEmpty() ? root : root.resolve(ref.path()).normalize();
        if (!folder.startsWith(root) || !Files.isDirectory(folder)) {
            throw new ActionUnavailable(ref + ": there is no folder '" + ref.path() + "' in " + root);
        }
        return folder;
    }

    private static boolean isGitRepository(Path p) {
        return Files.exists(p.resolve(".git")) || Files.isRegularFile(p.resolve("HEAD"))
                && Files.isDirectory(p.resolve("objects"));
    }

    private static String knownCommit(Path repoDir, String ref) throws IOException {
        if (ref.matches("[0-9a-f]{40}")) {
            return ref;
        }
        Path file = refFile(repoDir, ref);
        return Files.isRegularFile(file) ? Files.readString(file).strip() : null;
    }

    private static Path refFile(Path repoDir, String ref) {
        return repoDir.resolve("refs").resolve(ref.replaceAll("[^A-Za-z0-9._-]", "_"));
    }

    /** Fetches {@code url} into the bare repository of {@code repoDir}, checks out the ref's commit, records it. */
    private String fetch(Path repoDir, String url, ActionRef ref) throws IOException {
        Path bare = repoDir.resolve("repo.git");
        Files.createDirectories(repoDir);
        if (!Files.isDirectory(bare)) {
            git(repoDir, List.of("init", "-q", "--bare", bare.toString()), Map.of());
        }
        git(bare, List.of("fetch", "-q", "--no-tags", "--force", url, "+refs/heads/*:refs/src/heads/*",
                "+refs/tags/*:refs/src/tags/*"), Map.of());
        String commit = null;
        for (String candidate : List.of("refs/src/tags/" + ref.ref(), "refs/src/heads/" + ref.ref(), ref.ref())) {
            try {
                commit = git(bare, List.of("rev-parse", "--verify", "-q", candidate + "^{commit}"), Map.of()).strip();
                break;
            } catch (IOException e) {
                // try the next kind of ref
            }
        }
        if (commit == null || !commit.matches("[0-9a-f]{40}")) {
            throw new IOException("the repository has no branch, tag or commit '" + ref.ref() + "'");
        }
        Path target = repoDir.resolve(commit);
        if (!Files.isDirectory(target)) {
            Path tmp = Files.createTempDirectory(repoDir, ".checkout-");
            try {
                Path index = tmp.resolve(".gantry-index");
                Path tree = tmp.resolve("tree");
                Files.createDirectories(tree);
                git(bare, List.of("--work-tree=" + tree, "-c", "core.bare=false", "checkout", "-q", "-f", commit,
                        "--", "."), Map.of("GIT_INDEX_FILE", index.toString()));
                try {
                    Files.move(tree, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                    if (!Files.isDirectory(target)) {
                        throw e;
                    }
                } catch (IOException e) {
                    if (!Files.isDirectory(target)) {
                        throw e;
                    }
                }
            } finally {
                FolderTrees.deleteQuietly(tmp);
            }
        }
        Path file = refFile(repoDir, ref.ref());
        Files.createDirectories(file.getParent());
        Files.writeString(file, commit + "\n");
        return commit;
    }

    private static String git(Path dir, List<String> args, Map<String, String> env) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("git");
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out;
        try {
            out = p.getInputStream().readNBytes(1 << 20);
            if (!p.waitFor(GIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("git " + args.get(0) + " took longer than " + GIT_TIMEOUT.toMinutes() + " min");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            String last = text.strip().lines().reduce((a, b) -> b).orElse("exit status " + p.exitValue());
            throw new IOException("git " + args.get(0) + " failed: " + last);
        }
        return text;
    }
}
