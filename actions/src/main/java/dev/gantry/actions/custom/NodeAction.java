package dev.gantry.actions.custom;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.actions.deploy.DeployTask;
import dev.gantry.actions.deploy.TaskCancelled;
import dev.gantry.actions.deploy.TaskRun;
import dev.gantry.actions.deploy.ToolProcess;
import dev.gantry.engine.action.AdkAction;
import dev.gantry.engine.run.ActionFailure;
import dev.gantry.engine.run.ActionTypes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A custom (ADK) action whose {@code Runs.Using} is Node.js, run as the service runs it, with the installed
 * {@code node}: its {@code Pre}, {@code Main} and {@code Post} scripts in turn (Post also after a failed Main), in the
 * primary input, with the action's environment plus each {@code Configuration} value as {@code INPUT_<NAME>}
 * (upper case; the action.yml's {@code Default} when the workflow gives none; a value that is the service's path
 * of an input, {@code /artifacts/<action>/<artifact>/...}, becomes the input's folder here). Each
 * {@code ::set-output name=X::V} line it prints is an output variable; a non-zero exit fails the action.
 */
final class NodeAction extends DeployTask {
    /** The ADK's rule for output names. */
    static final Pattern OUTPUT = Pattern.compile("^::set-output name=([^:]*)::(.*)$");
    private static final Pattern OUTPUT_NAME = Pattern.compile("[A-Za-z0-9@\\-_]{1,255}");
    private final String identifier;
    private final AdkAction action;
    private final Map<String, String> inputs;

    NodeAction(ActionTypes planner, String identifier, AdkAction action, Map<String, String> inputs) {
        super(planner);
        this.identifier = identifier;
        this.action = action;
        this.inputs = Map.copyOf(inputs);
    }

    @Override
    public String describe() {
        return "custom action " + action.name() + (action.version() == null ? "" : " " + action.version()) + " ("
                + action.runtime() + ", " + action.main() + ")";
    }

    /** {@code INPUT_<NAME>} for each value given (the ADK reads {@code INPUT_} plus the name in upper case). */
    static Map<String, String> inputVariables(Map<String, String> inputs) {
        Map<String, String> env = new LinkedHashMap<>();
        inputs.forEach((k, v) -> env.put("INPUT_" + k.replace(' ', '_').toUpperCase(Locale.ROOT), v));
        return env;
    }

    /** The Configuration values of the workflow (scalars as text, lists and maps as JSON), over the defaults. */
    static Map<String, String> values(AdkAction action, Map<String, Object> configuration) {
        Map<String, String> out = new LinkedHashMap<>();
        action.inputs().forEach(i -> {
            if (i.defaultValue() != null) {
                out.put(i.name(), i.defaultValue());
            }
        });
        configuration.forEach((k, v) -> {
            if (v == null) {
                return;
            }
            try {
                out.put(k, v instanceof Map || v instanceof List ? new ObjectMapper().writeValueAsString(v)
                        : String.valueOf(v));
            } catch (IOException e) {
                out.put(k, String.valueOf(v));
            }
        });
        return out;
    }

    @Override
    protected Map<String, String> execute(TaskRun run)
            throws ActionFailure, TaskCancelled, InterruptedException, IOException {
        Map<String, String> env = new LinkedHashMap<>(run.environment());
        Map<String, String> local = new LinkedHashMap<>();
        // a value naming an input the service's way (/artifacts/<action>/<artifact>/...) gets this machine's path
        inputs.forEach((k, v) -> local.put(k, run.servicePath(v).map(Path::toString).orElse(v)));
        env.putAll(inputVariables(local));
        env.putIfAbsent("CATALYST_WORKFLOW_SPACE_NAME", "local");
        env.putIfAbsent("CATALYST_WORKFLOW_PROJECT_NAME", "local");
        String node = nodeVersion(run, env);
        String wanted = action.runtime().replaceAll("[^0-9]", "");
        if (node != null && !wanted.isEmpty() && !node.startsWith("v" + wanted + ".")) {
            run.log("note: " + identifier + " asks for " + action.runtime() + "; running it with the installed node "
                    + node);
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        if (action.pre() != null) {
            script(run, "Pre", action.pre(), env, outputs);
        }
        ActionFailure failed = null;
        try {
            script(run, "Main", action.main(), env, outputs);
        } catch (ActionFailure f) {
            failed = f;
        }
        if (action.post() != null) {
            script(run, "Post", action.post(), env, outputs);
        }
        if (failed != null) {
            throw failed;
        }
        return outputs;
    }

    private void script(TaskRun run, String phase, String script, Map<String, String> env,
                        Map<String, String> outputs) throws ActionFailure, TaskCancelled, InterruptedException,
            IOException {
        Path file = action.directory().resolve(script).normalize();
        if (!file.startsWith(action.directory()) || !Files.isRegularFile(file)) {
            throw failure(run, "Runs." + phase + " '" + script + "' of " + action.actionFile()
                    + " is not a file in the action's folder" + (script.startsWith("dist/")
                    ? " (a built action keeps it in the repository: build it first, e.g. npm run build)" : ""));
        }
        List<String> bad = new ArrayList<>();
        int status;
        try {
            status = ToolProcess.run(run, List.of("node", file.toString()), run.job().workingDirectory(), env, line -> {
                Matcher m = OUTPUT.matcher(line);
                if (m.matches()) {
                    if (OUTPUT_NAME.matcher(m.group(1)).matches()) {
                        outputs.put(m.group(1), m.group(2));
                    } else {
                        bad.add(m.group(1));
                    }
                }
                run.log(line);
            });
        } catch (IOException e) {
            throw failure(run, "cannot run node (" + e.getMessage() + "); install Node.js so that node is on PATH");
        }
        if (!bad.isEmpty()) {
            throw failure(run, "Invalid output parameter name, it must match the following pattern "
                    + "^[A-Za-z0-9@\\-_]+$: " + String.join(", ", bad));
        }
        if (status != 0) {
            throw failure(run, identifier + " " + phase + " (" + script + ") failed: exitcode '" + status + "'");
        }
    }

    private static String nodeVersion(TaskRun run, Map<String, String> env) {
        try {
            StringBuilder out = new StringBuilder();
            int status = ToolProcess.run(run, List.of("node", "--version"), run.job().workingDirectory(), env,
                    out::append);
            return status == 0 ? out.toString().strip() : null;
        } catch (IOException | TaskCancelled | InterruptedException e) {
            return null;
        }
    }
}
