package dev.gantry.cli;

import dev.gantry.actions.artifacts.ArtifactException;
import dev.gantry.actions.artifacts.ArtifactStore;
import dev.gantry.actions.artifacts.ArtifactSummary;
import dev.gantry.actions.cache.CacheSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code gantry artifacts [RUN-ID] [--download NAME DIR]}: lists the output artifacts of a run (the latest by
 * default) with their file counts and sizes, or copies one of them to a folder. Runs are looked for in
 * {@code .gantry/runs/} of the current folder or the nearest folder above it that has one.
 */
@Command(name = "artifacts", description = {"Lists a run's output artifacts (the latest run by default), or copies "
        + "one to a folder with --download.", "Exit 0 on success, 2 when the run or artifact does not exist."})
public final class ArtifactsCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN-ID",
            description = "The run (a folder name under .gantry/runs/); default: the latest run.")
    String runId;

    @Option(names = "--download", arity = "2", paramLabel = "NAME DIR",
            description = "Copy artifact NAME into folder DIR (created if needed).")
    List<String> download;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path cwd = Path.of("").toAbsolutePath();
        Optional<Path> runs = runsFolder(cwd);
        if (runs.isEmpty()) {
            err.println("gantry artifacts: no runs found in " + cwd + " or above (.gantry/runs/); run a workflow with"
                    + " 'gantry run' first");
            return ExitCode.USAGE.code();
        }
        Path run;
        if (runId == null) {
            Optional<Path> latest = latestRun(runs.get());
            if (latest.isEmpty()) {
                err.println("gantry artifacts: no runs in " + runs.get());
                return ExitCode.USAGE.code();
            }
            run = latest.get();
        } else {
            run = runs.get().resolve(runId).normalize();
            if (!run.getParent().equals(runs.get()) || !Files.isDirectory(run)) {
                err.println("gantry artifacts: no run '" + runId + "' in " + runs.get() + recent(runs.get()));
                return ExitCode.USAGE.code();
            }
        }
        ArtifactStore store = new ArtifactStore(run.resolve("artifacts"));
        String id = run.getFileName().toString();
        try {
            if (download != null) {
                String name = download.get(0);
                Path dir = Path.of(download.get(1)).toAbsolutePath();
                if (store.dir(name).isEmpty()) {
                    List<String> names = store.list().stream().map(ArtifactSummary::name).toList();
                    err.println("gantry artifacts: run " + id + " has no artifact '" + name + "'"
                            + (names.isEmpty() ? " (it has none)" : " (it has: " + String.join(", ", names) + ")"));
                    return ExitCode.USAGE.code();
                }
                ArtifactSummary s = store.place(name, dir);
                out.println("Copied " + name + " of run " + id + " (" + files(s.files()) + ", "
                        + CacheSettings.formatSize(s.bytes()) + ") to " + dir);
                return 0;
            }
            List<ArtifactSummary> all = store.list();
            if (all.isEmpty()) {
                out.println("Run " + id + " has no artifacts.");
                return 0;
            }
            int w = Math.max("ARTIFACT".length(), all.stream().mapToInt(a -> a.name().length()).max().orElse(0));
            out.println("Artifacts of run " + id + " (" + display(cwd, store.root()) + "):");
            out.printf("%-" + w + "s  %7s  %10s%n", "ARTIFACT", "FILES", "SIZE");
            for (ArtifactSummary a : all) {
                out.printf("%-" + w + "s  %7d  %10s%n", a.name(), a.files(), CacheSettings.formatSize(a.bytes()));
            }
            return 0;
        } catch (ArtifactException | IOException e) {
            err.println("gantry artifacts: " + e.getMessage());
            return ExitCode.USAGE.code();
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The nearest {@code .gantry/runs} folder at or above {@code from}. */
    static Optional<Path> runsFolder(Path from) {
        for (Path p = from; p != null; p = p.getParent()) {
            Path runs = p.resolve(".gantry").resolve("runs");
            if (Files.isDirectory(runs)) {
                return Optional.of(runs);
            }
        }
        return Optional.empty();
    }

    /** The latest run: run ids start with their start time, so the greatest name (then the newest folder). */
    static Optional<Path> latestRun(Path runs) {
        return runDirs(runs).stream().max(Comparator.comparing((Path p) -> p.getFileName().toString())
                .thenComparing(ArtifactsCommand::modified));
    }

    private static List<Path> runDirs(Path runs) {
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(runs)) {
            for (Path p : ds) {
                if (Files.isDirectory(p)) {
                    dirs.add(p);
                }
            }
        } catch (IOException e) {
            return dirs;
        }
        return dirs;
    }

    private static String recent(Path runs) {
        List<String> names = runDirs(runs).stream().map(p -> p.getFileName().toString()).sorted(Comparator.reverseOrder())
                .limit(5).toList();
        return names.isEmpty() ? "" : " (recent runs: " + String.join(", ", names) + ")";
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String files(long n) {
        return n == 1 ? "1 file" : n + " files";
    }

    private static String display(Path cwd, Path p) {
        return p.startsWith(cwd) ? cwd.relativize(p).toString() : p.toString();
    }
}
