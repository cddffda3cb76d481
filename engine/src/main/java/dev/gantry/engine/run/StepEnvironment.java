package dev.gantry.engine.run;

import dev.gantry.engine.model.Variable;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The environment of an action's steps. Not the whole host environment (a run must not depend on a laptop's
 * shell): an allowlist of host variables, the run's own additions, {@code CI=true}, the
 * {@code CATALYST_*} variables of the service, variables set by lifecycle hooks, and the action's
 * {@code Inputs.Variables}, each overriding the ones before it.
 */
public final class StepEnvironment {
    /** Host variables passed through by name. */
    public static final List<String> HOST_NAMES = List.of("PATH", "HOME", "USER", "LANG", "TERM", "TMPDIR",
            "SSH_AUTH_SOCK");
    /** Host variables passed through by prefix. */
    public static final List<String> HOST_PREFIXES = List.of("DOCKER_", "AWS_");
    /** {@code PATH} when the host has none. */
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /** Prefix of the per-input folder variables. */
    public static final String SOURCE_DIR_PREFIX = "CATALYST_SOURCE_DIR_";

    private StepEnvironment() {
    }

    /**
     * The host part: the allowlisted host variables, then each spec: {@code NAME} copies the host's
     * value (ignored when the host has none), {@code NAME=VALUE} sets it.
     *
     * @throws IllegalArgumentException for a spec with an empty or invalid name
     */
    public static Map<String, String> fromHost(Map<String, String> host, List<String> envSpecs) {
        Map<String, String> env = new LinkedHashMap<>();
        host.entrySet().stream()
                .filter(e -> HOST_NAMES.contains(e.getKey())
                        || HOST_PREFIXES.stream().anyMatch(p -> e.getKey().startsWith(p)))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> env.put(e.getKey(), e.getValue()));
        env.putIfAbsent("PATH", DEFAULT_PATH);
        for (String spec : envSpecs) {
            int eq = spec.indexOf('=');
            String name = eq < 0 ? spec : spec.substring(0, eq);
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("step environment '" + spec + "': '" + name
                        + "' is not a variable name");
            }
            if (eq >= 0) {
                env.put(name, spec.substring(eq + 1));
            } else if (host.containsKey(name)) {
                env.put(name, host.get(name));
            }
        }
        return env;
    }

    /**
     * The complete environment of one action.
     *
     * @param base       {@link #fromHost} result
     * @param workspace  the action's workspace (each input gives {@code CATALYST_SOURCE_DIR_<label>})
     * @param defaultDir the primary input ({@code CATALYST_DEFAULT_DIR})
     * @param hooks      variables set by lifecycle hooks; a {@code null} value removes the variable
     * @param variables  the action's {@code Inputs.Variables}, references substituted
     */
    public static Built build(Map<String, String> base, Workspace workspace, Path defaultDir,
                              Map<String, String> hooks, List<Variable> variables) {
        return build(base, workspace, defaultDir, hooks, Set.of(), variables);
    }

    /**
     * The complete environment of one action, with {@code hookPaths}: the names among {@code hooks} whose values
     * are local paths (in the workspace or the action's scratch folder).
     */
    public static Built build(Map<String, String> base, Workspace workspace, Path defaultDir,
                              Map<String, String> hooks, Set<String> hookPaths, List<Variable> variables) {
        Map<String, String> env = new LinkedHashMap<>(base);
        Set<String> paths = new HashSet<>();
        env.put("CI", "true");
        env.put("CATALYST_WORKFLOW_SPACE_NAME", "-");
        env.put("CATALYST_WORKFLOW_SPACE_ID", "-");
        env.put("CATALYST_WORKFLOW_PROJECT_NAME", "-");
        env.put("CATALYST_WORKFLOW_PROJECT_ID", "-");
        workspace.inputs().forEach((label, dir) -> {
            env.put(SOURCE_DIR_PREFIX + label, dir.toString());
            paths.add(SOURCE_DIR_PREFIX + label);
        });
        env.put("CATALYST_DEFAULT_DIR", defaultDir.toString());
        paths.add("CATALYST_DEFAULT_DIR");
        hooks.forEach((name, value) -> {
            if (value == null) {
                env.remove(name);
            } else {
                env.put(name, value);
                if (hookPaths.contains(name)) {
                    paths.add(name);
                }
            }
        });
        for (Variable v : variables) {
            env.put(v.name(), v.value() == null ? "" : v.value());
            paths.remove(v.name());
        }
        return new Built(env, paths);
    }

    /**
     * A built environment.
     *
     * @param variables     name to value, in a stable order
     * @param pathVariables the names whose values are workspace paths
     */
    public record Built(Map<String, String> variables, Set<String> pathVariables) {
    }
}
