package dev.gantry.actions.deploy.cdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.actions.deploy.ActionProperties;
import dev.gantry.actions.deploy.DeployTask;
import dev.gantry.actions.deploy.TaskCancelled;
import dev.gantry.actions.deploy.TaskRun;
import dev.gantry.actions.deploy.ToolProcess;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.run.ActionFailure;
import dev.gantry.engine.run.ActionWork;
import software.amazon.awssdk.services.sts.StsClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code aws/cdk-deploy@v1/v2}, {@code aws/cdk-bootstrap@v1/v2} and (for trying an app without AWS) a synth: the
 * real CDK CLI at {@code CdkCliVersion} ({@link CdkCli}), with the action's Environment credentials and
 * {@code Region}.
 *
 * <ul>
 *   <li>deploy: in {@code CdkRootPath} (default: the primary input) runs {@code npm install} when there is a
 *       {@code package.json} without {@code node_modules}, then {@code cdk deploy StackName --require-approval never}
 *       with {@code Context} and {@code Tags} (JSON objects) as {@code --context}/{@code --tags}; with
 *       {@code CloudAssemblyRootPath}, deploys that synthesized cloud assembly ({@code --app}) instead. The stack's
 *       outputs named in {@code CfnOutputVariables} (a JSON list) become output variables, with {@code region} and
 *       {@code deployment-platform}.</li>
 *   <li>bootstrap: {@code cdk bootstrap aws://ACCOUNT/REGION}, the account being the one the credentials belong
 *       to.</li>
 * </ul>
 */
public final class CdkAction extends DeployTask {
    /** What the action does. */
    public enum Kind { DEPLOY, BOOTSTRAP, SYNTH }

    static final String DEFAULT_VERSION = "latest";
    private final Kind kind;
    private final ActionProperties properties;

    CdkAction(Kind kind, ActionProperties properties) {
        super(a -> plan(a, kind));
        this.kind = kind;
        this.properties = properties;
    }

    /** {@code aws/cdk-deploy}: what {@code action} does, or why its configuration cannot run. */
    public static ActionWork deploy(Action action) {
        return plan(action, Kind.DEPLOY);
    }

    /** {@code aws/cdk-bootstrap}: what {@code action} does, or why its configuration cannot run. */
    public static ActionWork bootstrap(Action action) {
        return plan(action, Kind.BOOTSTRAP);
    }

    static ActionWork plan(Action action, Kind kind) {
        ActionProperties p = ActionProperties.of(action);
        var missing = kind == Kind.DEPLOY ? p.missing(action, "StackName") : java.util.Optional.<ActionWork>empty();
        if (missing.isPresent()) {
            return missing.get();
        }
        String version = p.string("CdkCliVersion", DEFAULT_VERSION);
        if (!CdkCli.VERSION.matcher(version).matches()) {
            return new ActionWork.Invalid("CdkCliVersion", "CdkCliVersion '" + version
                    + "' is not a CDK CLI version (like 2.110.0, or latest)");
        }
        for (String json : List.of("Context", "Tags")) {
            if (p.has(json) && !jsonObject(p.string(json, "")).isPresent() && !p.string(json, "").contains("${")) {
                return new ActionWork.Invalid(json, json + " must be a JSON object, e.g. '{\"key\": \"value\"}'");
            }
        }
        if (p.has("CfnOutputVariables") && !p.string("CfnOutputVariables", "").strip().startsWith("[")) {
            return new ActionWork.Invalid("CfnOutputVariables", "CfnOutputVariables must be a JSON list of output "
                    + "names, e.g. '[\"endpointUrl\"]'");
        }
        return new ActionWork.RunTask(new CdkAction(kind, p));
    }

    @Override
    public String describe() {
        String version = properties.string("CdkCliVersion", DEFAULT_VERSION);
        return switch (kind) {
            case DEPLOY -> "cdk deploy " + properties.string("StackName", "") + " (CDK CLI " + version + ")";
            case BOOTSTRAP -> "cdk bootstrap (CDK CLI " + version + ")";
            case SYNTH -> "cdk synth (CDK CLI " + version + ")";
        };
    }

    @Override
    protected Map<String, String> execute(TaskRun run)
            throws ActionFailure, TaskCancelled, InterruptedException, IOException {
        var aws = run.aws(properties.string("Region").orElse(null));
        Map<String, String> env = new LinkedHashMap<>(run.environment());
        env.put("AWS_REGION", aws.region());
        env.put("AWS_DEFAULT_REGION", aws.region());
        env.put("CDK_DEFAULT_REGION", aws.region());
        env.putIfAbsent("CI", "true");
        Path cdk = CdkCli.installed(run, properties.string("CdkCliVersion", DEFAULT_VERSION));
        if (kind == Kind.BOOTSTRAP) {
            String account;
            try (StsClient sts = aws.client(StsClient.builder())) {
                account = sts.getCallerIdentity().account();
            }
            env.put("CDK_DEFAULT_ACCOUNT", account);
            check(run, CdkCli.run(run, cdk, List.of("bootstrap", "aws://" + account + "/" + aws.region()),
                    run.job().workingDirectory(), env), "cdk bootstrap");
            Map<String, String> out = new LinkedHashMap<>();
            out.put("region", aws.region());
            out.put("deployment-platform", "AWS:CloudFormation");
            return out;
        }
        List<String> args = new ArrayList<>();
        Path dir;
        if (properties.has("CloudAssemblyRootPath")) {
            dir = run.job().workingDirectory();
            args.addAll(List.of("--app", run.inputPath(properties.string("CloudAssemblyRootPath", "")).toString()));
        } else {
            dir = run.inputPath(properties.string("CdkRootPath", "."));
            if (!Files.isDirectory(dir)) {
                throw failure(run, "CdkRootPath '" + properties.string("CdkRootPath", ".") + "' is not a folder");
            }
            npmInstall(run, dir, env);
        }
        for (String[] pair : pairs(run, "Context")) {
            args.addAll(List.of("--context", pair[0] + "=" + pair[1]));
        }
        if (kind == Kind.SYNTH) {
            List<String> synth = new ArrayList<>(List.of("synth"));
            properties.string("StackName").ifPresent(synth::add);
            synth.addAll(args);
            check(run, CdkCli.run(run, cdk, synth, dir, env), "cdk synth");
            return Map.of();
        }
        String stack = run.expand(properties.string("StackName", ""));
        Path outputsFile = run.job().scratchDirectory().resolve("cdk-outputs.json");
        Files.createDirectories(outputsFile.getParent());
        List<String> deploy = new ArrayList<>(List.of("deploy", stack, "--require-approval", "never",
                "--outputs-file", outputsFile.toString()));
        deploy.addAll(args);
        for (String[] pair : pairs(run, "Tags")) {
            deploy.addAll(List.of("--tags", pair[0] + "=" + pair[1]));
        }
        check(run, CdkCli.run(run, cdk, deploy, dir, env), "cdk deploy");
        return outputs(run, stack, outputsFile, aws.region());
    }

    private Map<String, String> outputs(TaskRun run, String stack, Path outputsFile, String region)
            throws ActionFailure, IOException {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode all = Files.isRegularFile(outputsFile) ? new ObjectMapper().readTree(outputsFile.toFile()) : null;
        JsonNode mine = all == null ? null : all.get(stack);
        if (properties.has("CfnOutputVariables")) {
            JsonNode wanted;
            try {
                wanted = new ObjectMapper().readTree(run.expand(properties.string("CfnOutputVariables", "[]")));
            } catch (IOException e) {
                throw failure(run, "CfnOutputVariables must be a JSON list of output names");
            }
            for (JsonNode n : wanted) {
                String name = n.asText();
                JsonNode v = mine == null ? null : mine.get(name);
                if (v == null) {
                    run.log("CfnOutputVariables: stack " + stack + " has no output '" + name + "'");
                } else {
                    out.put(name, v.asText());
                }
            }
        }
        out.put("region", region);
        out.put("deployment-platform", "AWS:CloudFormation");
        return out;
    }

    private void npmInstall(TaskRun run, Path dir, Map<String, String> env)
            throws ActionFailure, TaskCancelled, InterruptedException {
        if (!Files.isRegularFile(dir.resolve("package.json")) || Files.isDirectory(dir.resolve("node_modules"))) {
            return;
        }
        run.log("$ npm install (in " + run.shown(dir) + ")");
        int status;
        try {
            status = ToolProcess.run(run, List.of("npm", "install", "--no-audit", "--no-fund"), dir, env, run::log);
        } catch (IOException e) {
            throw failure(run, "cannot run npm (" + e.getMessage() + ")");
        }
        check(run, status, "npm install");
    }

    private List<String[]> pairs(TaskRun run, String property) throws ActionFailure {
        if (!properties.has(property)) {
            return List.of();
        }
        Optional<JsonNode> obj = jsonObject(run.expand(properties.string(property, "")));
        if (obj.isEmpty()) {
            throw failure(run, property + " must be a JSON object, e.g. '{\"key\": \"value\"}'");
        }
        List<String[]> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.get().fields(); it.hasNext(); ) {
            var e = it.next();
            out.add(new String[] {e.getKey(), e.getValue().isValueNode() ? e.getValue().asText()
                    : e.getValue().toString()});
        }
        return out;
    }

    private static Optional<JsonNode> jsonObject(String text) {
        try {
            JsonNode n = new ObjectMapper().readTree(text);
            return n != null && n.isObject() ? Optional.of(n) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void check(TaskRun run, int status, String what) throws ActionFailure {
        if (status != 0) {
            throw failure(run, what + " failed: exitcode '" + status + "'");
        }
    }
}
