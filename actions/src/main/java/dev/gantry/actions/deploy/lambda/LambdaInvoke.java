package dev.gantry.actions.deploy.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.actions.deploy.ActionProperties;
import dev.gantry.actions.deploy.DeployTask;
import dev.gantry.actions.deploy.TaskCancelled;
import dev.gantry.actions.deploy.TaskRun;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.run.ActionFailure;
import dev.gantry.engine.run.ActionWork;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code aws/lambda-invoke@v1}: invokes {@code Function} (name or ARN, in {@code AWSRegion}) once, synchronously,
 * with {@code RequestPayload} or the contents of {@code RequestPayloadFile}; writes the response to
 * {@code lambda-response.json} in the primary input (list it in {@code Outputs.Artifacts} to keep it); with
 * {@code LogType: Tail} (the default) the function's log tail goes into the action's log. {@code ResponseFilters}
 * ({@code {"variable": "path.in.response"}}) turn parts of a JSON response into output variables. A function error
 * fails the action unless {@code ContinueOnError} is true.
 */
public final class LambdaInvoke extends DeployTask {
    /** The response file the service writes. */
    public static final String RESPONSE_FILE = "lambda-response.json";
    private static final long MAX_PAYLOAD_BYTES = 6L * 1024 * 1024;
    private final ActionProperties properties;

    private LambdaInvoke(ActionProperties properties) {
        super(LambdaInvoke::plan);
        this.properties = properties;
    }

    /** What {@code action} does, or why its configuration cannot run (checked at plan time). */
    public static ActionWork plan(Action action) {
        ActionProperties p = ActionProperties.of(action);
        var missing = p.missing(action, "Function");
        if (missing.isPresent()) {
            return missing.get();
        }
        if (p.has("RequestPayload") && p.has("RequestPayloadFile")) {
            return new ActionWork.Invalid("RequestPayloadFile", "give RequestPayload or RequestPayloadFile, not both");
        }
        String logType = p.string("LogType", "Tail");
        if (!logType.equalsIgnoreCase("Tail") && !logType.equalsIgnoreCase("None")) {
            return new ActionWork.Invalid("LogType", "LogType must be Tail or None, not '" + logType + "'");
        }
        if (p.has("ResponseFilters")) {
            try {
                if (!new ObjectMapper().readTree(p.string("ResponseFilters", "")).isObject()) {
                    throw new IOException("not an object");
                }
            } catch (IOException e) {
                return new ActionWork.Invalid("ResponseFilters", "ResponseFilters must be a JSON object of "
                        + "variable names to response paths, e.g. '{\"status\": \"body.status\"}'");
            }
        }
        return new ActionWork.RunTask(new LambdaInvoke(p));
    }

    @Override
    public String describe() {
        return "lambda-invoke " + properties.string("Function", "");
    }

    @Override
    protected Map<String, String> execute(TaskRun run)
            throws ActionFailure, TaskCancelled, InterruptedException, IOException {
        String function = run.expand(properties.string("Function", ""));
        byte[] payload = payload(run);
        boolean tail = properties.string("LogType", "Tail").equalsIgnoreCase("Tail");
        InvokeResponse response;
        try (LambdaClient lambda = run.aws(properties.string("AWSRegion").orElse(null)).client(LambdaClient.builder())) {
            run.log("invoking " + function + " (" + payload.length + " bytes of payload)");
            response = lambda.invoke(b -> b.functionName(function).payload(SdkBytes.fromByteArray(payload))
                    .logType(tail ? LogType.TAIL : LogType.NONE));
        }
        if (tail && response.logResult() != null) {
            new String(Base64.getDecoder().decode(response.logResult()), StandardCharsets.UTF_8).lines()
                    .forEach(l -> run.log("lambda: " + l));
        }
        byte[] body = response.payload() == null ? new byte[0] : response.payload().asByteArray();
        Path out = run.job().workingDirectory().resolve(RESPONSE_FILE);
        Files.write(out, body);
        run.log("response (status " + response.statusCode() + ", " + body.length + " bytes) written to "
                + RESPONSE_FILE);
        if (response.functionError() != null) {
            String message = "function error (" + response.functionError() + "): "
                    + new String(body, StandardCharsets.UTF_8).strip();
            if (!properties.flag("ContinueOnError", false)) {
                throw failure(run, message);
            }
            run.log("ContinueOnError: " + message);
        }
        return filters(run, body);
    }

    private byte[] payload(TaskRun run) throws ActionFailure, IOException {
        if (properties.has("RequestPayloadFile")) {
            Path file = run.inputPath(properties.string("RequestPayloadFile", ""));
            if (!Files.isRegularFile(file)) {
                throw failure(run, "RequestPayloadFile '" + properties.string("RequestPayloadFile", "")
                        + "' does not exist (looked for " + run.shown(file) + ")");
            }
            if (Files.size(file) > MAX_PAYLOAD_BYTES) {
                throw failure(run, "RequestPayloadFile is over Lambda's 6 MB limit for a synchronous request");
            }
            return Files.readAllBytes(file);
        }
        Object given = properties.values().get("RequestPayload");
        String text = given == null ? "{}" : given instanceof Map || given instanceof java.util.List
                ? new ObjectMapper().writeValueAsString(given) : String.valueOf(given);
        return run.expand(text).getBytes(StandardCharsets.UTF_8);
    }

    private Map<String, String> filters(TaskRun run, byte[] body) throws ActionFailure {
        Map<String, String> out = new LinkedHashMap<>();
        if (!properties.has("ResponseFilters")) {
            return out;
        }
        try {
            ObjectMapper json = new ObjectMapper();
            JsonNode response = json.readTree(body);
            JsonNode filters = json.readTree(properties.string("ResponseFilters", "{}"));
            for (Iterator<Map.Entry<String, JsonNode>> it = filters.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                JsonNode v = select(response, f.getValue().asText());
                if (v == null || v.isMissingNode()) {
                    run.log("ResponseFilters: '" + f.getValue().asText() + "' is not in the response; "
                            + f.getKey() + " is not set");
                    continue;
                }
                out.put(f.getKey(), v.isValueNode() ? v.asText() : v.toString());
            }
        } catch (IOException e) {
            throw failure(run, "ResponseFilters need a JSON response; the function returned: "
                    + new String(body, StandardCharsets.UTF_8).strip());
        }
        return out;
    }

    /** {@code a.b[0].c} (a leading {@code .} or {@code $.} allowed) in {@code node}; {@code null} when absent. */
    static JsonNode select(JsonNode node, String path) {
        String p = path.strip().replaceFirst("^\\$", "").replaceFirst("^\\.", "");
        JsonNode cur = node;
        for (String part : p.isEmpty() ? new String[0] : p.split("\\.")) {
            String name = part.contains("[") ? part.substring(0, part.indexOf('[')) : part;
            if (!name.isEmpty()) {
                cur = cur == null ? null : cur.get(name);
            }
            var m = java.util.regex.Pattern.compile("\\[(\\d+)]").matcher(part);
            while (m.find() && cur != null) {
                cur = cur.get(Integer.parseInt(m.group(1)));
            }
        }
        return cur;
    }
}
