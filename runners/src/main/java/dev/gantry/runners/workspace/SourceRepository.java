package dev.gantry.runners.workspace;

import dev.gantry.engine.run.WorkflowSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The WorkflowSource of a run: the repository the workflow file lives in, its git state, and the files a fresh
 * workspace copy holds (listed once, when the run starts).
 *
 * <p>The root is the folder holding the {@code .codecatalyst/} folder the workflow file is in (as in a CodeCatalyst
 * repository), or the {@code .gantry/} folder for a Groovy DSL workflow in {@code .gantry/workflows/}; for a file
 * elsewhere, the enclosing git work tree, else the file's folder. Inside a git work tree
 * the files are the tracked and the untracked-but-not-ignored ones under the root
 * ({@code git ls-files -co --exclude-standard}); outside git, every file. {@code .gantry/} (run records) and
 * {@code .git/} are never part of it.
 *
 * @param root  the root folder (absolute)
 * @param files the files, relative to the root, {@code /}-separated
 * @param git   whether the root is inside a git work tree
 * @param state commit and branch
 */
public record SourceRepository(Path root, List<String> files, boolean git, WorkflowSource state) {
    public SourceRepository {
        files = List.copyOf(files);
    }

    /** Opens the repository of {@code workflowFile}. */
    public static SourceRepository of(Path workflowFile) throws IOException {
        return at(rootOf(workflowFile));
    }

    /** Opens the repository rooted at {@code root}. */
    public static SourceRepository at(Path root) throws IOException {
        Path r = root.toAbsolutePath().normalize();
        String inside = git(r, "rev-parse", "--is-inside-work-tree");
        boolean isGit = "true".equals(inside == null ? null : inside.trim());
        List<String> files = isGit ? gitFiles(r) : walk(r);
        String commit = null;
        String branch = null;
        if (isGit) {
            commit = trimmed(git(r, "rev-parse", "-q", "--verify", "HEAD"));
            branch = trimmed(git(r, "symbolic-ref", "-q", "--short", "HEAD"));
        }
        return new SourceRepository(r, files, isGit, new WorkflowSource(r, commit, branch));
    }

    /**
     * A folder made from a commit (a server's checkout, without {@code .git}): every file in it is the source, and
     * its state is the commit and branch it was made from. No git is asked: the folder may lie inside somebody's
     * work tree (a data folder in a repository), whose files and ignore rules are not the commit's.
     */
    public static SourceRepository materialized(Path root, String commit, String branch) throws IOException {
        Path r = root.toAbsolutePath().normalize();
        return new SourceRepository(r, walk(r), false, new WorkflowSource(r, commit, branch));
    }

    /** The root folder for a workflow file (see the type's description). */
    public static Path rootOf(Path workflowFile) {
        Path abs = workflowFile.toAbsolutePath().normalize();
        for (Path p = abs.getParent(); p != null; p = p.getParent()) {
            String name = p.getFileName() == null ? "" : p.getFileName().toString();
            if ((".codecatalyst".equals(name) || ".gantry".equals(name)) && p.getParent() != null) {
                return p.getParent();
            }
        }
        Path dir = abs.getParent();
        String top = trimmed(git(dir, "rev-parse", "--show-toplevel"));
        return top != null ? Path.of(top) : dir;
    }

    private static List<String> gitFiles(Path root) throws IOException {
        byte[] out = run(root, "git", "-c", "core.quotepath=off", "ls-files", "-co", "--exclude-standard", "-z");
        if (out == null) {
            throw new IOException("git ls-files failed in " + root);
        }
        List<String> files = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0) {
                String f = new String(out, start, i - start, StandardCharsets.UTF_8);
                start = i + 1;
                if (!excluded(f)) {
                    files.add(f);
                }
            }
        }
        return files;
    }

    private static List<String> walk(Path root) throws IOException {
        List<String> files = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String rel = root.relativize(dir).toString();
                return !rel.isEmpty() && excluded(rel + "/") ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                files.add(root.relativize(file).toString().replace('\\', '/'));
                return FileVisitResult.CONTINUE;
            }
        });
        return files;
    }

    private static boolean excluded(String rel) {
        return rel.equals(".gantry") || rel.startsWith(".gantry/") || rel.equals(".git") || rel.startsWith(".git/");
    }

    private static String trimmed(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String git(Path dir, String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "git";
        System.arraycopy(args, 0, cmd, 1, args.length);
        byte[] out = run(dir, cmd);
        return out == null ? null : new String(out, StandardCharsets.UTF_8);
    }

    /** Runs a command; its stdout, or {@code null} when it fails or cannot start. */
    private static byte[] run(Path dir, String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try (InputStream in = p.getInputStream()) {
                in.transferTo(buf);
            }
            return p.waitFor() == 0 ? buf.toByteArray() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
