package dev.gantry.server.runs;

import java.nio.file.Path;

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

    public Path workspace(long runId) {
        return dataDir.resolve("workspaces").resolve(Long.toString(runId));
    }

    /** The bare mirror of a repository. */
    public Path mirror(String repository) {
        return dataDir.resolve("mirrors").resolve(repository + ".git");
    }
}
