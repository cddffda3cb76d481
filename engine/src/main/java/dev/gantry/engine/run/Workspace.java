package dev.gantry.engine.run;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files an action's steps see, on this machine.
 *
 * @param root   the action's workspace folder (inputs live under it, except a live {@code --bind} source)
 * @param inputs input label ({@code WorkflowSource}, or an input artifact's name) to its folder, in input order
 * @param live   whether the WorkflowSource input is the user's live folder ({@code --bind}) rather than a copy
 */
public record Workspace(Path root, Map<String, Path> inputs, boolean live) {
    /** The label of the source input. */
    public static final String WORKFLOW_SOURCE = "WorkflowSource";

    public Workspace {
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }

    /** A copy with one more input (replacing one of the same label). */
    public Workspace withInput(String label, Path folder) {
        Map<String, Path> more = new LinkedHashMap<>(inputs);
        more.put(label, folder);
        return new Workspace(root, more, live);
    }

    /**
     * The primary input's folder, the steps' starting directory ({@code CATALYST_DEFAULT_DIR}): the WorkflowSource
     * when the action has it, else the first input artifact in the order the action lists them, else the root.
     */
    public Path defaultDirectory(java.util.List<String> artifactOrder) {
        Path source = inputs.get(WORKFLOW_SOURCE);
        if (source != null) {
            return source;
        }
        for (String name : artifactOrder) {
            if (inputs.containsKey(name)) {
                return inputs.get(name);
            }
        }
        return inputs.isEmpty() ? root : inputs.values().iterator().next();
    }
}
