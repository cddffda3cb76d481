package dev.gantry.cli.workflow;

import dev.gantry.dsl.WorkflowFiles;
import dev.gantry.dsl.file.InputFile;
import dev.gantry.dsl.file.UnreadableFile;

import dev.gantry.engine.diagnostic.NameSuggestion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Resolves the {@code WORKFLOW} argument of {@code graph}, {@code list} and {@code run} to one file.
 *
 * <ul>
 *   <li>an existing file: that file;</li>
 *   <li>an existing folder: its only workflow (in its {@code .codecatalyst/workflows/}, or in the folder itself);</li>
 *   <li>anything else: the workflow whose {@code Name} (or, failing that, file name without extension) is the
 *       argument, among the workflows of the current folder;</li>
 *   <li>no argument: the only workflow of the current folder.</li>
 * </ul>
 * A folder's workflows are the {@code .yaml}/{@code .yml} files under its {@code .codecatalyst/workflows/} (sub-folders
 * too, as the service reads them) and the Groovy DSL files under its {@code .gantry/workflows/}.
 */
public final class WorkflowLocator {
    /** Where a repository keeps its workflows. */
    public static final String WORKFLOWS_FOLDER = ".codecatalyst/workflows";
    /** Where Groovy DSL workflows live (searched after {@link #WORKFLOWS_FOLDER}). */
    public static final String DSL_WORKFLOWS_FOLDER = ".gantry/workflows";

    private static final Pattern DSL_NAME = Pattern.compile("^\\s*workflow\\s*\\(\\s*(['\"])([^'\"]+)\\1",
            Pattern.MULTILINE);

    private static final Pattern NAME_LINE = Pattern.compile("^Name[ \\t]*:[ \\t]*(.*)$", Pattern.MULTILINE);

    private final Path cwd;

    /** @param cwd the folder relative paths and the default workflows folder are taken from */
    public WorkflowLocator(Path cwd) {
        this.cwd = cwd.toAbsolutePath().normalize();
    }

    /** The file {@code argument} names ({@code null}: the only workflow of the current folder). */
    public LocatedWorkflow locate(String argument) throws WorkflowNotFoundException {
        if (argument == null || argument.isBlank()) {
            return only(cwd, WORKFLOWS_FOLDER);
        }
        Path given = cwd.resolve(argument).normalize();
        if (Files.exists(given) && !Files.isDirectory(given)) {
            // a FIFO or a device too: the loader refuses it with the one message for special files
            return new LocatedWorkflow(given, argument);
        }
        if (Files.isDirectory(given)) {
            return only(given, argument);
        }
        if (argument.contains("/") || argument.contains("\\") || isWorkflowFileName(argument)) {
            throw new WorkflowNotFoundException("no such file: " + argument);
        }
        return byName(argument);
    }

    /**
     * Every workflow file under {@code folder}'s {@code .codecatalyst/workflows/} and {@code .gantry/workflows/}
     * (Groovy DSL), sorted by path.
     */
    public static List<Path> workflowFiles(Path folder) {
        List<Path> files = new ArrayList<>();
        for (String sub : List.of(WORKFLOWS_FOLDER, DSL_WORKFLOWS_FOLDER)) {
            Path dir = folder.resolve(sub);
            if (Files.isDirectory(dir)) {
                files.addAll(filesUnder(dir));
            }
        }
        return files;
    }

    /** The workflow's {@code Name} as written at the top level of the file, if a plain line gives it. */
    public static Optional<String> declaredName(Path file) {
        String text;
        try {
            text = new InputFile(file, InputFile.WORKFLOW_MAX_BYTES).utf8();
        } catch (UnreadableFile e) {
            return Optional.empty();
        }
        if (file.getFileName().toString().endsWith(".groovy")) {
            Matcher dsl = DSL_NAME.matcher(text);
            return dsl.find() ? Optional.of(dsl.group(2)) : Optional.empty();
        }
        Matcher m = NAME_LINE.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        String v = m.group(1).strip();
        if (v.startsWith("\"") || v.startsWith("'")) {
            int end = v.indexOf(v.charAt(0), 1);
            return end > 0 ? Optional.of(v.substring(1, end)) : Optional.empty();
        }
        int comment = v.indexOf(" #");
        if (comment >= 0) {
            v = v.substring(0, comment).strip();
        }
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    private LocatedWorkflow only(Path folder, String shownAs) throws WorkflowNotFoundException {
        Path dir = folder.resolve(WORKFLOWS_FOLDER);
        List<Path> files = workflowFiles(folder);
        String where = display(dir);
        if (files.isEmpty() && !folder.equals(cwd) && !Files.isDirectory(dir)
                && !Files.isDirectory(folder.resolve(DSL_WORKFLOWS_FOLDER))) {
            files = filesUnder(folder);
            where = display(folder);
        }
        if (files.size() == 1) {
            return new LocatedWorkflow(files.get(0), display(files.get(0)));
        }
        if (files.isEmpty()) {
            throw new WorkflowNotFoundException("no workflow files (.yaml, .yml, .groovy) in " + where
                    + "; give a workflow file or run this in a repository that has one");
        }
        throw new WorkflowNotFoundException(files.size() + " workflows in " + where + "; name one: "
                + describe(files));
    }

    private LocatedWorkflow byName(String name) throws WorkflowNotFoundException {
        Path dir = cwd.resolve(WORKFLOWS_FOLDER);
        List<Path> files = workflowFiles(cwd);
        if (files.isEmpty()) {
            throw new WorkflowNotFoundException("no such file, and no workflows in " + display(dir)
                    + " to find '" + name + "' by name");
        }
        List<Path> named = files.stream().filter(f -> declaredName(f).filter(name::equals).isPresent()).toList();
        if (named.isEmpty()) {
            named = files.stream().filter(f -> stem(f).equals(name)).toList();
        }
        if (named.size() == 1) {
            return new LocatedWorkflow(named.get(0), display(named.get(0)));
        }
        if (named.size() > 1) {
            throw new WorkflowNotFoundException("several workflows are named '" + name + "': "
                    + named.stream().map(this::display).collect(Collectors.joining(", "))
                    + "; give the file instead");
        }
        Set<String> known = new LinkedHashSet<>();
        for (Path f : files) {
            declaredName(f).ifPresent(known::add);
        }
        throw new WorkflowNotFoundException("no workflow named '" + name + "' in " + display(dir)
                + NameSuggestion.didYouMean(name, known) + "; workflows there: " + describe(files));
    }

    private String describe(List<Path> files) {
        List<String> parts = new ArrayList<>();
        for (Path f : files) {
            String shown = display(f);
            parts.add(declaredName(f).map(n -> n + " (" + shown + ")").orElse(shown));
        }
        return String.join(", ", parts);
    }

    private String display(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        String s = abs.startsWith(cwd) && !abs.equals(cwd) ? cwd.relativize(abs).toString() : abs.toString();
        return s.replace('\\', '/');
    }

    private static List<Path> filesUnder(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).filter(WorkflowFiles::isWorkflowFile).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    private static boolean isWorkflowFileName(String name) {
        return WorkflowFiles.isWorkflowFile(Path.of(name));
    }

    private static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? n : n.substring(0, dot);
    }

    /**
     * A resolved workflow file.
     *
     * @param path        the file, absolute
     * @param displayName how messages name it: as the user typed it, or relative to the current folder
     */
    public record LocatedWorkflow(Path path, String displayName) {
    }

    /** The argument names no single workflow file; the message says why and what to do. */
    public static final class WorkflowNotFoundException extends Exception {
        private static final long serialVersionUID = 1L;

        public WorkflowNotFoundException(String message) {
            super(message);
        }
    }
}
