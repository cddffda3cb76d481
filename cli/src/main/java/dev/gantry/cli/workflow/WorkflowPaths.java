package dev.gantry.cli.workflow;

import dev.gantry.dsl.WorkflowFiles;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The {@code PATH...} arguments of {@code validate} and {@code triggers}: files and folders of workflow files. */
public final class WorkflowPaths {
    private final Path cwd;

    /** @param cwd the folder relative paths and the default folder are taken from */
    public WorkflowPaths(Path cwd) {
        this.cwd = cwd.toAbsolutePath().normalize();
    }

    /**
     * The workflow files {@code paths} name, in order, each once (files as given; folders searched, sub-folders
     * too; no path: {@code .codecatalyst/workflows/}); problems with the paths are printed to {@code err}.
     */
    public Found find(List<String> paths, PrintWriter err) {
        List<Target> found = new ArrayList<>();
        boolean problem = false;
        if (paths.isEmpty()) {
            Path folder = cwd.resolve(WorkflowFiles.DEFAULT_FOLDER);
            if (!Files.isDirectory(folder)) {
                err.println("gantry: there is no " + WorkflowFiles.DEFAULT_FOLDER + "/ folder in " + cwd
                        + "; give the workflow files or folders to check");
                return new Found(found, true);
            }
            problem = addFolder(folder, WorkflowFiles.DEFAULT_FOLDER, found, err);
        }
        for (String given : paths) {
            Path path = cwd.resolve(given).normalize();
            if (Files.isDirectory(path)) {
                problem |= addFolder(path, given, found, err);
            } else if (!Files.exists(path)) {
                err.println("gantry: " + given + ": no such file or folder");
                problem = true;
            } else if (!Files.isReadable(path)) {
                err.println("gantry: " + given + ": permission denied");
                problem = true;
            } else {
                found.add(new Target(path, given));
            }
        }
        return new Found(unique(found), problem);
    }

    private static boolean addFolder(Path folder, String given, List<Target> found, PrintWriter err) {
        List<Path> inside;
        try {
            inside = WorkflowFiles.find(folder);
        } catch (IOException | RuntimeException e) {
            err.println("gantry: " + given + ": cannot read the folder (" + e.getMessage() + ")");
            return true;
        }
        if (inside.isEmpty()) {
            err.println("gantry: " + given + ": no workflow files (.yaml, .yml, .groovy) in this folder");
        }
        String prefix = given.endsWith("/") ? given.substring(0, given.length() - 1) : given;
        for (Path p : inside) {
            String relative = folder.relativize(p).toString();
            String display = ".".equals(prefix) || prefix.isEmpty() ? relative : prefix + "/" + relative;
            found.add(new Target(p, display));
        }
        return false;
    }

    private static List<Target> unique(List<Target> targets) {
        Set<Path> seen = new HashSet<>();
        List<Target> unique = new ArrayList<>();
        for (Target t : targets) {
            Path key;
            try {
                key = t.path().toRealPath();
            } catch (IOException e) {
                key = t.path().toAbsolutePath().normalize();
            }
            if (seen.add(key)) {
                unique.add(t);
            }
        }
        return unique;
    }

    /** A workflow file and how messages name it (relative to the current folder, as the user wrote it). */
    public record Target(Path path, String displayName) {
    }

    /** The files found, and whether a path was missing, unreadable or not a workflow. */
    public record Found(List<Target> files, boolean pathProblem) {
    }
}
