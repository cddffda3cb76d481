package dev.gantry.server.runs;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the server keeps a run's files under its data folder: {@code runs/<id>/} (the run's records folder:
 * {@code logs/<action>.log}, {@code artifacts/<NAME>/}, {@code run.json}) and {@code workspaces/<id>/} (the
 * checkout of the run's commit, removed when the run ends).
 */
public record RunFiles(Path dataDir) {
    public RunFiles {
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    public Path runDir(long runId) {
        return dataDir.resolve("runs").resolve(Long.toString(runId));
    }

    public Path logFile(long runId, String action) {
        return runDir(runId).resolve("logs").resolve(action + ".log");
    }

    public Path artifactsDir(long runId) {
        return runDir(runId).resolve("artifacts");
    }

    /**
     * The file {@code path} of artifact {@code name} of run {@code runId} (both as a client sent them), when both are
     * plain relative paths (no {@code ..}, {@code .}, {@code \\}, NUL or empty parts) that stay inside the run's
     * artifacts; empty otherwise. Whether the file exists is the caller's question.
     */
    public Optional<Path> artifactFile(long runId, String name, String path) {
        for (String segment : (name + "/" + path).split("/")) {
            if (segment.equals("..") || segment.equals(".") || segment.isEmpty() || segment.contains("\\")
                    || segment.indexOf(0) >= 0) {
                return Optional.empty();
            }
        }
        Path root = artifactsDir(runId);
        Path base = root.resolve(name).normalize();
        Path file = base.resolve(path).normalize();
        return file.startsWith(base) && base.startsWith(root) ? Optional.of(file) : Optional.empty();
    }

    public Path workspace(long runId) {
        return dataDir.resolve("workspaces").resolve(Long.toString(runId));
    }

    /** The bare mirror of a repository. */
    public Path mirror(String repository) {
        return dataDir.resolve("mirrors").resolve(repository + ".git");
    }
}
