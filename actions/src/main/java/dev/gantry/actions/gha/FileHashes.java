package dev.gantry.actions.gha;

import dev.gantry.actions.artifacts.ArtifactException;
import dev.gantry.actions.artifacts.FileSelector;
import dev.gantry.actions.artifacts.GlobPattern;
import dev.gantry.engine.github.ExpressionException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * GitHub's {@code hashFiles(patterns...)}: the SHA-256 of the SHA-256 of each matched file (in path order), or
 * empty when nothing matches. Patterns are the service's glob patterns relative to the workspace ({@code **}
 * crosses folders, the same matcher as artifacts); a pattern starting with {@code !} excludes. Files are read on this
 * machine, in the local workspace (before a remote runner's steps change it).
 */
public final class FileHashes {
    private FileHashes() {
    }

    /** The hash over the files under {@code base} that the patterns select. */
    public static String hash(Path base, List<String> patterns) throws ExpressionException {
        List<GlobPattern> include = new ArrayList<>();
        List<GlobPattern> exclude = new ArrayList<>();
        try {
            for (String p : patterns) {
                if (p.startsWith("!")) {
                    exclude.add(GlobPattern.parse(p.substring(1)));
                } else {
                    include.add(GlobPattern.parse(p));
                }
            }
            FileSelector selector = new FileSelector(List.of(base), false);
            Set<String> excluded = exclude.isEmpty() ? Set.of() : selector.select(base, exclude).files().stream()
                    .map(FileSelector.Selected::relativePath).collect(Collectors.toSet());
            MessageDigest all = MessageDigest.getInstance("SHA-256");
            int count = 0;
            for (FileSelector.Selected f : selector.select(base, include).files()) {
                if (excluded.contains(f.relativePath()) || !Files.isRegularFile(f.source())) {
                    continue;
                }
                all.update(fileHash(f.source()));
                count++;
            }
            return count == 0 ? "" : HexFormat.of().formatHex(all.digest());
        } catch (ArtifactException | IOException e) {
            throw new ExpressionException("hashFiles: " + e.getMessage(), 0);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] fileHash(Path file) throws IOException, NoSuchAlgorithmException {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
        }
        return d.digest();
    }
}
