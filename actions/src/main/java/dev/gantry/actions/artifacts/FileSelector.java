package dev.gantry.actions.artifacts;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds the files that glob patterns select under a folder, refusing anything that would read outside a workspace.
 *
 * <p>Symbolic links are followed when they stay inside the workspace (a linked file is selected with the content
 * it points to; a linked folder is searched); a link that resolves outside the workspace makes the selection fail
 * with an {@link ArtifactException}. Dangling links are ignored. Only files are selected, never empty folders.
 */
public final class FileSelector {
    private final List<Path> roots;
    private final boolean refuse;

    /**
     * A selector that fails on links pointing out of the workspace (for artifacts).
     *
     * @param workspaceRoot the folder nothing may be read from outside of
     */
    public FileSelector(Path workspaceRoot) throws ArtifactException {
        this(List.of(workspaceRoot), true);
    }

    /**
     * @param workspace the folders that make up the workspace (its root, and input folders that live elsewhere,
     *                  such as a {@code --bind} source); nothing outside all of them is read
     * @param refuse    true: a link pointing out fails the selection; false: it is left out and listed in
     *                  {@link Selection#escaping()} (for report discovery, which must not fail on a stray link)
     */
    public FileSelector(List<Path> workspace, boolean refuse) throws ArtifactException {
        List<Path> real = new ArrayList<>();
        for (Path p : workspace) {
            if (Files.exists(p)) {
                real.add(realPath(p, "workspace"));
            }
        }
        if (real.isEmpty()) {
            throw new ArtifactException("the workspace " + workspace + " does not exist");
        }
        this.roots = List.copyOf(real);
        this.refuse = refuse;
    }

    /** One selected file. */
    public record Selected(String relativePath, Path source, long size) {
    }

    /**
     * The result of a selection.
     *
     * @param files     every selected file once, sorted by relative path
     * @param unmatched the patterns (as written) that selected nothing
     * @param escaping  links left out because they point outside the workspace (only when not refusing them)
     */
    public record Selection(List<Selected> files, List<String> unmatched, List<String> escaping) {
        public Selection {
            files = List.copyOf(files);
            unmatched = List.copyOf(unmatched);
            escaping = List.copyOf(escaping);
        }

        public long bytes() {
            return files.stream().mapToLong(Selected::size).sum();
        }
    }

    private boolean inside(Path real) {
        return roots.stream().anyMatch(real::startsWith);
    }

    /**
     * Selects the files under {@code baseDir} that match any of {@code patterns}; relative paths are relative to
     * {@code baseDir}.
     */
    public Selection select(Path baseDir, List<GlobPattern> patterns) throws ArtifactException {
        Path base = realPath(baseDir, "input folder");
        requireInside(base, baseDir.toString());
        Map<String, Selected> found = new TreeMap<>();
        List<String> unmatched = new ArrayList<>();
        java.util.Set<String> escaping = new java.util.TreeSet<>();
        for (GlobPattern pattern : patterns) {
            if (!collect(base, pattern, found, escaping)) {
                unmatched.add(pattern.text());
            }
        }
        return new Selection(new ArrayList<>(found.values()), unmatched, new ArrayList<>(escaping));
    }

    /** Checks that {@code path} (which must exist) resolves inside the workspace, following links. */
    public void requireInside(Path path, String shownAs) throws ArtifactException {
        Path real = realPath(path, shownAs);
        if (!inside(real)) {
            throw new ArtifactException("'" + shownAs + "' resolves to " + real + ", outside the workspace "
                    + roots.get(0) + " (a symbolic link pointing out?); refusing to read it");
        }
    }

    private boolean collect(Path base, GlobPattern pattern, Map<String, Selected> found, java.util.Set<String> escaping)
            throws ArtifactException {
        Path start = pattern.literalPrefix().isEmpty() ? base : base.resolve(pattern.literalPrefix());
        if (!Files.exists(start)) {
            return false; // also a dangling link
        }
        if (!start.equals(base)) {
            // A folder of the literal prefix may itself be a link (out -> /etc for 'out/conf/*').
            try {
                Path parent = start.getParent().toRealPath();
                if (!inside(parent)) {
                    if (refuse) {
                        throw new ArtifactException("file pattern '" + pattern.text() + "' goes through a symbolic"
                                + " link to " + parent + ", outside the workspace; refusing to read it");
                    }
                    escaping.add(pattern.literalPrefix());
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        boolean[] matched = {false};
        int depth = pattern.maxDepth() < 0 ? Integer.MAX_VALUE : pattern.maxDepth();
        try {
            Files.walkFileTree(start, EnumSet.of(FileVisitOption.FOLLOW_LINKS), depth, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (Files.isSymbolicLink(dir) && !allowed(dir, base, escaping)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (!attrs.isRegularFile()) {
                        return FileVisitResult.CONTINUE; // a folder at the depth limit, a device, a socket
                    }
                    String rel = relative(base, file);
                    if (pattern.matches(rel)) {
                        if (Files.isSymbolicLink(file) && !allowed(file, base, escaping)) {
                            return FileVisitResult.CONTINUE;
                        }
                        matched[0] = true;
                        found.putIfAbsent(rel, new Selected(rel, file, attrs.size()));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    if (exc instanceof FileSystemLoopException || exc instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw exc;
                }
            });
        } catch (EscapeException e) {
            throw new ArtifactException("file pattern '" + pattern.text() + "' selects '" + e.shown
                    + "', a symbolic link that resolves to " + e.target + ", outside the workspace; refusing to"
                    + " read it");
        } catch (IOException e) {
            throw new ArtifactException("cannot search '" + pattern.text() + "' under " + base + ": " + e, e);
        }
        return matched[0];
    }

    /** Whether a link may be read; throws (refusing) or records it (lenient) when it points outside. */
    private boolean allowed(Path link, Path base, java.util.Set<String> escaping) throws IOException {
        Path real = link.toRealPath();
        if (inside(real)) {
            return true;
        }
        if (refuse) {
            throw new EscapeException(relative(base, link), real);
        }
        escaping.add(relative(base, link));
        return false;
    }

    static String relative(Path base, Path file) {
        return base.relativize(file).toString().replace('\\', '/');
    }

    private static Path realPath(Path p, String what) throws ArtifactException {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new ArtifactException("the " + what + " " + p + " does not exist or cannot be read");
        }
    }

    /** Carries a workspace escape out of the file visitor. */
    private static final class EscapeException extends IOException {
        private static final long serialVersionUID = 1L;
        final String shown;
        final transient Path target;

        EscapeException(String shown, Path target) {
            super(shown);
            this.shown = shown;
            this.target = target;
        }
    }
}
