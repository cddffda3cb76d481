package dev.gantry.actions.artifacts;

import dev.gantry.engine.files.FolderTrees;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A run's output artifacts: {@code .gantry/runs/<run-id>/artifacts/<name>/}, each holding the selected files at
 * their paths relative to the folder the patterns were resolved against.
 *
 * <p>An artifact appears whole or not at all: files are copied to a temporary folder next to it, which is then
 * renamed. Artifacts are immutable once collected; consumers receive copies.
 */
public final class ArtifactStore {
    /** The service's rule for artifact names: letters, digits and underscores. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]{1,100}");

    private final Path root;

    /**
     * @param root the run's {@code artifacts} folder (created on first collection)
     */
    public ArtifactStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** Refuses names that are not artifact names (and so could name a path outside the store). */
    public static void requireValidName(String name) throws ArtifactException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ArtifactException("'" + name + "' is not a valid artifact name (letters, digits and '_' only,"
                    + " at most 100)");
        }
    }

    /**
     * Collects an output artifact after its action succeeded.
     *
     * @param name     the artifact's name
     * @param patterns its {@code Files}
     * @param inputs   the action's inputs (patterns are relative to the primary input unless prefixed)
     * @param selector the selector bound to the action's workspace
     * @throws ArtifactException when a pattern or link would read outside the workspace, or when no pattern
     *                           selected any file (an empty artifact fails its action)
     */
    public ArtifactSummary collect(String name, List<String> patterns, InputLayout inputs, FileSelector selector)
            throws ArtifactException {
        requireValidName(name);
        List<FileSelector.Selected> files = new ArrayList<>();
        List<String> unmatched = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String raw : patterns) {
            InputLayout.Located at = inputs.locate(raw);
            GlobPattern pattern;
            try {
                pattern = GlobPattern.parse(at.rest().isEmpty() ? "**" : at.rest());
            } catch (ArtifactException e) {
                throw new ArtifactException("output artifact '" + name + "': " + e.getMessage());
            }
            FileSelector.Selection sel = selector.select(at.dir(), List.of(pattern));
            unmatched.addAll(sel.unmatched().isEmpty() ? List.of() : List.of(raw));
            for (FileSelector.Selected f : sel.files()) {
                if (seen.add(f.relativePath())) {
                    files.add(f);
                }
            }
        }
        if (files.isEmpty()) {
            throw new ArtifactException("output artifact '" + name + "' is empty: no file matched " + quoted(patterns)
                    + " under " + inputs.primaryDir() + " (patterns are relative to the primary input '"
                    + inputs.primary() + "')");
        }
        Path tmp = root.resolve(".tmp-" + name + "-" + UUID.randomUUID());
        Path target = root.resolve(name);
        long bytes = 0;
        try {
            Files.createDirectories(tmp);
            for (FileSelector.Selected f : files) {
                Path to = tmp.resolve(f.relativePath());
                Files.createDirectories(to.getParent());
                Files.copy(f.source(), to, StandardCopyOption.COPY_ATTRIBUTES);
                bytes += Files.size(to);
            }
            FolderTrees.deleteTree(target);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                FolderTrees.deleteTree(tmp);
            } catch (IOException ignored) {
                // best effort: the temporary folder is not an artifact
            }
            throw new ArtifactException("cannot store output artifact '" + name + "': " + e, e);
        }
        return new ArtifactSummary(name, files.size(), bytes, unmatched);
    }

    /**
     * Copies an artifact's files into {@code targetDir} (created if needed).
     *
     * @throws ArtifactException when no artifact of that name was collected in this run
     */
    public ArtifactSummary place(String name, Path targetDir) throws ArtifactException {
        requireValidName(name);
        Path dir = root.resolve(name);
        if (!Files.isDirectory(dir)) {
            throw new ArtifactException("input artifact '" + name + "' was not produced in this run"
                    + (Files.isDirectory(root) ? " (produced: " + String.join(", ", names()) + ")" : ""));
        }
        try {
            Files.createDirectories(targetDir);
            FileTrees.copyTree(dir, targetDir);
            long[] c = FileTrees.countFiles(dir);
            return new ArtifactSummary(name, c[0], c[1], List.of());
        } catch (IOException e) {
            throw new ArtifactException("cannot place artifact '" + name + "' in " + targetDir + ": " + e, e);
        }
    }

    /** The artifact's folder, when it was collected. */
    public Optional<Path> dir(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        Path dir = root.resolve(name);
        return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }

    /** Every collected artifact with its file count and size, sorted by name. */
    public List<ArtifactSummary> list() throws IOException {
        List<ArtifactSummary> all = new ArrayList<>();
        for (String name : names()) {
            long[] c = FileTrees.countFiles(root.resolve(name));
            all.add(new ArtifactSummary(name, c[0], c[1], List.of()));
        }
        return all;
    }

    private List<String> names() {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return names;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (Files.isDirectory(p) && NAME.matcher(n).matches()) {
                    names.add(n);
                }
            }
        } catch (IOException e) {
            return names;
        }
        names.sort(null);
        return names;
    }

    private static String quoted(List<String> patterns) {
        return patterns.stream().map(p -> "'" + p + "'").reduce((a, b) -> a + ", " + b).orElse("(no pattern)");
    }
}
