package dev.gantry.actions.artifacts;

import dev.gantry.engine.files.FolderTrees;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/** Copying and deleting folder trees without following symbolic links. */
public final class FileTrees {
    private FileTrees() {
    }

    /**
     * Copies the tree at {@code from} into {@code to} (created if needed), keeping modes, times and symbolic links
     * as they are; existing files in {@code to} are replaced.
     */
    public static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(dir).toString());
                if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(target);
                    Files.createDirectories(target);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    FolderTrees.deleteTree(target);
                }
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Path target = to.resolve(from.relativize(dir).toString());
                Files.setLastModifiedTime(target, Files.getLastModifiedTime(dir));
                Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(dir));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** The number of regular files under {@code root} and their total size (links are not followed). */
    public static long[] countFiles(Path root) throws IOException {
        long[] counts = new long[2];
        if (!Files.exists(root)) {
            return counts;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    counts[0]++;
                    counts[1] += attrs.size();
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return counts;
    }
}
