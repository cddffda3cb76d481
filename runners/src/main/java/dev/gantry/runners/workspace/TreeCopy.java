package dev.gantry.runners.workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Copies a list of files from one folder to another: real copies (never hard links, since steps may change files),
 * keeping permissions, times and symbolic links, many files at once. A listed folder (a git submodule) is copied
 * whole; a listed file that no longer exists is skipped.
 */
public final class TreeCopy {
    private final ExecutorService pool;
    private final int parallelism;

    /**
     * @param pool        threads to copy with (shared by all copies of a run)
     * @param parallelism how many batches to split one copy into
     */
    public TreeCopy(ExecutorService pool, int parallelism) {
        this.pool = pool;
        this.parallelism = Math.max(1, parallelism);
    }

    /** Copies {@code files} (relative, {@code /}-separated) from {@code from} into {@code to}. */
    public void copy(Path from, List<String> files, Path to) throws IOException {
        Files.createDirectories(to);
        Set<Path> dirs = new LinkedHashSet<>();
        for (String f : files) {
            Path parent = Path.of(f).getParent();
            if (parent != null) {
                dirs.add(parent);
            }
        }
        for (Path d : dirs) {
            Files.createDirectories(to.resolve(d));
        }
        if (files.size() < 64 || parallelism == 1) {
            copyAll(from, files, to);
            return;
        }
        int batch = (files.size() + parallelism * 4 - 1) / (parallelism * 4);
        List<Future<?>> parts = new ArrayList<>();
        for (int i = 0; i < files.size(); i += batch) {
            List<String> part = files.subList(i, Math.min(files.size(), i + batch));
            parts.add(pool.submit(() -> {
                try {
                    copyAll(from, part, to);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }
        try {
            for (Future<?> f : parts) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("copy interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof UncheckedIOException u ? u.getCause() : new IOException(c);
        }
    }

    private static void copyAll(Path from, List<String> files, Path to) throws IOException {
        for (String f : files) {
            Path src = from.resolve(f);
            Path dst = to.resolve(f);
            if (Files.isDirectory(src, LinkOption.NOFOLLOW_LINKS)) {
                copyTree(src, dst);
            } else if (Files.exists(src, LinkOption.NOFOLLOW_LINKS)) {
                Files.copy(src, dst, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS,
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void copyTree(Path src, Path dst) throws IOException {
        Files.walkFileTree(src, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.getFileName() != null && dir.getFileName().toString().equals(".git") && !dir.equals(src)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(dst.resolve(src.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, dst.resolve(src.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS, StandardCopyOption.REPLACE_EXISTING);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
