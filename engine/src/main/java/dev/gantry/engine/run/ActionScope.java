package dev.gantry.engine.run;

import dev.gantry.engine.model.Action;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What an {@link ActionLifecycle} hook sees of one action and may change. One instance per action run; used from
 * the action's thread only.
 */
public final class ActionScope {
    private final String runId;
    private final Path runDirectory;
    private final Path actionDirectory;
    private final Action action;
    private final Runner runner;
    private final SecretMasker masker;
    private final Consumer<String> notes;
    private final Path scratchDirectory;
    private Workspace workspace;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final java.util.Set<String> pathVariables = new java.util.HashSet<>();
    private final Map<String, Object> details = new LinkedHashMap<>();
    private final List<String> summary = new ArrayList<>();

    ActionScope(String runId, Path runDirectory, Path actionDirectory, Action action, Runner runner,
                Workspace workspace, SecretMasker masker, Consumer<String> notes, Path scratchDirectory) {
        this.runId = runId;
        this.scratchDirectory = scratchDirectory;
        this.runDirectory = runDirectory;
        this.actionDirectory = actionDirectory;
        this.action = action;
        this.runner = runner;
        this.workspace = workspace;
        this.masker = masker;
        this.notes = notes;
    }

    public String runId() {
        return runId;
    }

    /** The run's folder, {@code .gantry/runs/<run-id>/}. */
    public Path runDirectory() {
        return runDirectory;
    }

    /** The action's own folder under the run's folder; the workspace root is inside it. */
    public Path actionDirectory() {
        return actionDirectory;
    }

    /** The action, with workflow references substituted. */
    public Action action() {
        return action;
    }

    /**
     * The action's private scratch folder (on a memory file system when there is one, outside the workspace): for
     * files the steps read but must not find in their workspace (a generated configuration). It exists before the
     * first hook, is seen by the steps at the path {@link #putPathEnvironment} gives them, and is removed when the
     * steps end, even with {@code --keep}. The runner keeps its own files at the top: put yours in a sub-folder.
     */
    public Path scratchDirectory() {
        return scratchDirectory;
    }

    /** The runner the steps run on. */
    public Runner runner() {
        return runner;
    }

    /** The workspace as it is now (inputs added by earlier hooks included). */
    public Workspace workspace() {
        return workspace;
    }

    /** Adds an input folder (e.g. an input artifact); the steps get {@code CATALYST_SOURCE_DIR_<label>} for it. */
    public void addInput(String label, Path folder) {
        workspace = workspace.withInput(label, folder);
    }

    /**
     * Sets an environment variable of the steps. Overrides the host's and Gantry's own variables, but not the
     * action's {@code Inputs.Variables}.
     */
    public void putEnvironment(String name, String value) {
        environment.put(name, value);
    }

    /**
     * Sets an environment variable of the steps to a path inside the workspace or the {@link #scratchDirectory()},
     * which a runner that places them elsewhere (an ssh host) rewrites to where the steps see it.
     */
    public void putPathEnvironment(String name, Path path) {
        environment.put(name, path.toAbsolutePath().normalize().toString());
        pathVariables.add(name);
    }

    /**
     * Removes a host variable (one the allowlist or {@code --env} passed through) from the steps' environment, e.g. a
     * host {@code AWS_PROFILE} that would compete with credentials a hook sets. The action's
     * {@code Inputs.Variables} still set their names. A later {@link #putEnvironment} of the name sets it again.
     */
    public void removeEnvironment(String name) {
        environment.put(name, null);
    }

    /** Masks {@code value} (as {@code ***}) everywhere from now on: console, logs, events, run records. */
    public void addSecret(String value) {
        masker.add(value);
    }

    /** Writes a Gantry note (not step output) into the action's log. */
    public void log(String line) {
        notes.accept(line);
    }

    /**
     * Records a fact about the action for the run record ({@code run.json}, under the action's {@code details}).
     * Values must be strings, numbers, booleans, or lists and maps of those.
     */
    public void record(String key, Object value) {
        details.put(key, value);
    }

    /** Adds a short note to the action's row of the summary table (e.g. {@code 12 passed, 1 failed}). */
    public void addSummary(String text) {
        summary.add(text);
    }

    /** Variables set by hooks; a {@code null} value marks a variable removed by {@link #removeEnvironment}. */
    Map<String, String> environment() {
        return Collections.unmodifiableMap(environment);
    }

    /** The names of the variables set by {@link #putPathEnvironment}. */
    java.util.Set<String> pathVariables() {
        return java.util.Set.copyOf(pathVariables);
    }

    Map<String, Object> details() {
        return Collections.unmodifiableMap(details);
    }

    List<String> summary() {
        return List.copyOf(summary);
    }
}
