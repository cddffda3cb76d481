package dev.gantry.actions.deploy.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.actions.deploy.ActionProperties;
import dev.gantry.actions.deploy.DeployTask;
import dev.gantry.actions.deploy.TaskRun;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.run.ActionFailure;
import dev.gantry.engine.run.ActionWork;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code aws/ecs-render-task-definition@v1}: puts {@code image} (and the {@code environment-variables}, a list of
 * {@code NAME=VALUE}) into the container {@code container-definition-name} of the task definition file
 * {@code task-definition}, and writes the result as {@code task-definition-<random>.json} in the primary input,
 * named by the output variable {@code task-definition} (list it in {@code Outputs.Artifacts} to pass it on). No AWS
 * call.
 */
public final class EcsRenderTaskDefinition extends DeployTask {
    /** The largest task definition file read (ECS's own limit on a registered definition is 64 KiB). */
    static final long MAX_FILE_BYTES = 1024 * 1024;
    private final ActionProperties properties;

    private EcsRenderTaskDefinition(ActionProperties properties) {
        super(EcsRenderTaskDefinition::plan);
        this.properties = properties;
    }

    /** What {@code action} does, or why its configuration cannot run (checked at plan time). */
    public static ActionWork plan(Action action) {
        ActionProperties p = ActionProperties.of(action);
        return p.missing(action, "task-definition", "container-definition-name", "image")
                .orElseGet(() -> new ActionWork.RunTask(new EcsRenderTaskDefinition(p)));
    }

    @Override
    public String describe() {
        return "ecs-render-task-definition " + properties.string("task-definition", "") + " with image "
                + properties.string("image", "");
    }

    @Override
    protected Map<String, String> execute(TaskRun run) throws ActionFailure, IOException {
        Path file = taskDefinitionFile(run, properties);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        JsonNode root;
        try {
            root = json.readTree(file.toFile());
        } catch (IOException e) {
            throw failure(run, "task-definition " + run.shown(file) + " is not JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        String name = run.expand(properties.string("container-definition-name", ""));
        ObjectNode container = null;
        if (root instanceof ObjectNode && root.get("containerDefinitions") instanceof ArrayNode defs) {
            for (JsonNode d : defs) {
                if (d instanceof ObjectNode o && name.equals(o.path("name").asText())) {
                    container = o;
                }
            }
        }
        if (container == null) {
            throw failure(run, "Invalid task definition: Could not find container definition with matching name '"
                    + name + "'");
        }
        String image = run.expand(properties.string("image", ""));
        container.put("image", image);
        Map<String, String> vars = variables(run);
        if (!vars.isEmpty()) {
            ArrayNode env = container.get("environment") instanceof ArrayNode a ? a : container.putArray("environment");
            for (Map.Entry<String, String> v : vars.entrySet()) {
                ObjectNode existing = null;
                for (JsonNode e : env) {
                    if (e instanceof ObjectNode o && v.getKey().equals(o.path("name").asText())) {
                        existing = o;
                    }
                }
                (existing != null ? existing : env.addObject().put("name", v.getKey())).put("value", v.getValue());
            }
        }
        String out = "task-definition-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4)) + ".json";
        Files.writeString(run.job().workingDirectory().resolve(out), json.writeValueAsString(root));
        run.log("container " + name + " now runs " + image + (vars.isEmpty() ? "" : " with " + vars.size()
                + " environment variable" + (vars.size() == 1 ? "" : "s")) + "; written to " + out);
        return Map.of("task-definition", out);
    }

    /** The {@code task-definition} file of the inputs: it must exist and be at most {@link #MAX_FILE_BYTES}. */
    static Path taskDefinitionFile(TaskRun run, ActionProperties properties) throws ActionFailure, IOException {
        Path file = run.inputPath(properties.string("task-definition", ""));
        if (!Files.isRegularFile(file)) {
            throw failure(run, "task-definition '" + properties.string("task-definition", "")
                    + "' does not exist (looked for " + run.shown(file) + ")");
        }
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw failure(run, "task-definition " + run.shown(file) + " is over 1 MiB; a task definition is smaller");
        }
        return file;
    }

    private Map<String, String> variables(TaskRun run) throws ActionFailure {
        Object given = properties.values().get("environment-variables");
        List<String> lines = new ArrayList<>();
        if (given instanceof List<?> list) {
            list.forEach(v -> lines.add(String.valueOf(v)));
        } else if (given != null) {
            String.valueOf(given).lines().forEach(lines::add);
        }
        Map<String, String> vars = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw failure(run, "environment-variables: '" + line.strip() + "' is not NAME=VALUE");
            }
            vars.put(line.substring(0, eq).strip(), run.expand(line.substring(eq + 1).strip()));
        }
        return vars;
    }
}
