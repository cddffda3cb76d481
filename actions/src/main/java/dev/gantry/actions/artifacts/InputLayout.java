package dev.gantry.actions.artifacts;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an action's inputs are in its workspace, and which one is primary.
 *
 * <p>As the service does: the source ({@code WorkflowSource}) is the primary input when the action has one,
 * otherwise the first listed input artifact. Relative paths (artifact files, report paths, cache paths) resolve
 * against the primary input, which is also the steps' starting folder and {@code CATALYST_DEFAULT_DIR}. Every input
 * is exposed as {@code CATALYST_SOURCE_DIR_<label>}; paths may start with {@code $CATALYST_SOURCE_DIR_<label>/} (or
 * the braced form) to name a file of a secondary input.
 *
 * @param primary the primary input's label, or {@code null} when the action has no input at all
 * @param dirs    each input's folder by label: the source first, then artifacts in listed order
 */
public record InputLayout(String primary, Map<String, Path> dirs) {
    /** The label of the workflow's source repository. */
    public static final String SOURCE = "WorkflowSource";
    /** Prefix of the per-input environment variables. */
    public static final String SOURCE_DIR_VAR = "CATALYST_SOURCE_DIR_";
    /** The primary input's folder. */
    public static final String DEFAULT_DIR_VAR = "CATALYST_DEFAULT_DIR";

    private static final Pattern PREFIX =
            Pattern.compile("^\\$(?:\\{" + SOURCE_DIR_VAR + "([A-Za-z0-9@_-]+)}|" + SOURCE_DIR_VAR
                    + "([A-Za-z0-9@_-]+))(?:/+|$)");

    public InputLayout {
        dirs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(dirs));
    }

    /**
     * The layout of an action.
     *
     * @param sourceDir     the source copy, or {@code null} when the action has no source input
     * @param artifacts     the consumed artifacts' names, in listed order
     * @param artifactsRoot the folder in which each consumed artifact gets a sub-folder of its own name
     */
    public static InputLayout of(Path sourceDir, List<String> artifacts, Path artifactsRoot) {
        Map<String, Path> dirs = new LinkedHashMap<>();
        if (sourceDir != null) {
            dirs.put(SOURCE, sourceDir);
        }
        for (String a : artifacts) {
            dirs.putIfAbsent(a, artifactsRoot.resolve(a));
        }
        String primary = dirs.isEmpty() ? null : dirs.keySet().iterator().next();
        return new InputLayout(primary, dirs);
    }

    /** The primary input's folder, or {@code null} when there is no input. */
    public Path primaryDir() {
        return primary == null ? null : dirs.get(primary);
    }

    /** {@code CATALYST_SOURCE_DIR_<label>} for every input and {@code CATALYST_DEFAULT_DIR}, in a stable order. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        dirs.forEach((label, dir) -> env.put(SOURCE_DIR_VAR + label, dir.toString()));
        if (primary != null) {
            env.put(DEFAULT_DIR_VAR, primaryDir().toString());
        }
        return env;
    }

    /** A path split into the input folder it is relative to and the rest. */
    public record Located(String input, Path dir, String rest) {
    }

    /**
     * Splits a relative path or pattern: a {@code $CATALYST_SOURCE_DIR_<label>/} prefix names that input, anything
     * else is relative to the primary input.
     *
     * @throws ArtifactException for an unknown input label, or when the action has no input
     */
    public Located locate(String path) throws ArtifactException {
        String p = path.trim();
        Matcher m = PREFIX.matcher(p);
        if (m.find()) {
            String label = m.group(1) != null ? m.group(1) : m.group(2);
            Path dir = dirs.get(label);
            if (dir == null) {
                throw new ArtifactException("'" + path + "' refers to input '" + label + "', which is not an input of"
                        + " this action (inputs: " + String.join(", ", dirs.keySet()) + ")");
            }
            return new Located(label, dir, p.substring(m.end()));
        }
        if (primary == null) {
            throw new ArtifactException("'" + path + "' is relative, but the action has no input to resolve it"
                    + " against (add Inputs.Sources or Inputs.Artifacts)");
        }
        return new Located(primary, primaryDir(), p);
    }
}
