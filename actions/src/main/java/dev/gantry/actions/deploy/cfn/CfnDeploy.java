package dev.gantry.actions.deploy.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.actions.deploy.ActionProperties;
import dev.gantry.actions.deploy.DeployTask;
import dev.gantry.actions.deploy.TaskCancelled;
import dev.gantry.actions.deploy.TaskRun;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.run.ActionFailure;
import dev.gantry.engine.run.ActionWork;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.Tag;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code aws/cfn-deploy@v1}: deploys a CloudFormation stack as the service does, through a change set: create it
 * (type CREATE for a new stack, UPDATE for an existing one), wait until it is ready, execute it (unless
 * {@code no-execute-changeset}), and wait for the stack to settle, writing every new stack event into the action's
 * log as it happens. The stack's outputs become output variables, with {@code stack-id}, {@code region} and
 * {@code deployment-platform}.
 *
 * <p>Properties (reference §2.1): {@code name}, {@code template} (a file of the inputs, or an {@code https://}
 * URL), {@code region}, {@code role-arn}, {@code capabilities} (comma list; default
 * {@code CAPABILITY_IAM,CAPABILITY_NAMED_IAM,CAPABILITY_AUTO_EXPAND}), {@code parameter-overrides}
 * ({@code K=V,...} or a JSON file), {@code no-execute-changeset}, {@code no-delete-failed-changeset},
 * {@code fail-on-empty-changeset} (or the older {@code no-fail-on-empty-changeset}), {@code disable-rollback},
 * {@code termination-protection}, {@code timeout-in-minutes}, {@code notification-arns}, {@code tags} (JSON list of
 * {@code {Key, Value}}).
 */
public final class CfnDeploy extends DeployTask {
    /** A template body larger than this must be given as a URL (CloudFormation's limit). */
    static final int MAX_TEMPLATE_BODY_BYTES = 51_200;
    static final String DEFAULT_CAPABILITIES = "CAPABILITY_IAM,CAPABILITY_NAMED_IAM,CAPABILITY_AUTO_EXPAND";
    private static final Set<String> EMPTY_CHANGE_SET_REASONS = Set.of(
            "The submitted information didn't contain changes. Submit different information to create a change set.",
            "No updates are to be performed.");

    private final ActionProperties properties;
    private final long pollMillis;

    CfnDeploy(ActionProperties properties, long pollMillis) {
        super(a -> plan(a, pollMillis));
        this.properties = properties;
        this.pollMillis = pollMillis;
    }

    /** What {@code action} does, or why its configuration cannot run (checked at plan time). */
    public static ActionWork plan(Action action) {
        return plan(action, 2000);
    }

    static ActionWork plan(Action action, long pollMillis) {
        ActionProperties p = ActionProperties.of(action);
        var missing = p.missing(action, "name", "template");
        if (missing.isPresent()) {
            return missing.get();
        }
        for (String c : p.string("capabilities", DEFAULT_CAPABILITIES).split(",")) {
            String cap = c.strip();
            if (!cap.isEmpty() && Capability.fromValue(cap) == Capability.UNKNOWN_TO_SDK_VERSION
                    && !cap.startsWith("$") && !cap.startsWith("${")) {
                return new ActionWork.Invalid("capabilities", "capabilities: '" + cap + "' is not one of "
                        + String.join(", ", Capability.knownValues().stream().map(Capability::toString).toList()));
            }
        }
        Optional<String> timeout = p.string("timeout-in-minutes");
        if (timeout.isPresent() && !timeout.get().matches("\\d{1,5}")) {
            return new ActionWork.Invalid("timeout-in-minutes", "timeout-in-minutes must be a whole number of minutes");
        }
        return new ActionWork.RunTask(new CfnDeploy(p, pollMillis));
    }

    @Override
    public String describe() {
        return "cfn-deploy stack '" + properties.string("name", "") + "' from " + properties.string("template", "");
    }

    @Override
    protected Map<String, String> execute(TaskRun run)
            throws ActionFailure, TaskCancelled, InterruptedException, IOException {
        String stackName = run.expand(properties.string("name", ""));
        var aws = run.aws(properties.string("region").orElse(null));
        CreateChangeSetRequest.Builder request = CreateChangeSetRequest.builder().stackName(stackName);
        template(run, request);
        request.capabilitiesWithStrings(Arrays.stream(run.expand(properties.string("capabilities",
                DEFAULT_CAPABILITIES)).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList());
        request.parameters(parameters(run).entrySet().stream().map(e -> Parameter.builder()
                .parameterKey(e.getKey()).parameterValue(e.getValue()).build()).toList());
        properties.string("role-arn").map(run::expand).ifPresent(request::roleARN);
        properties.string("notification-arns").map(run::expand).ifPresent(arns -> request.notificationARNs(
                Arrays.stream(arns.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList()));
        request.tags(tags(run));
        Duration limit = Duration.ofMinutes(Long.parseLong(properties.string("timeout-in-minutes", "0")));

        try (CloudFormationClient cfn = aws.client(CloudFormationClient.builder())) {
            Optional<Stack> existing = stack(cfn, stackName);
            boolean update = existing.isPresent() && !"REVIEW_IN_PROGRESS".equals(existing.get().stackStatusAsString());
            String changeSetName = "gantry-" + System.currentTimeMillis();
            run.log("creating change set " + changeSetName + " (" + (update ? "UPDATE" : "CREATE") + ") for stack "
                    + stackName + " in " + aws.region());
            CreateChangeSetResponse created;
            try {
                created = cfn.createChangeSet(request.changeSetName(changeSetName)
                        .changeSetType(update ? ChangeSetType.UPDATE : ChangeSetType.CREATE).build());
            } catch (CloudFormationException e) {
                // some endpoints refuse an empty change set at once instead of creating a FAILED one
                String reason = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorMessage();
                if (reason == null || !isEmptyChangeSet(reason)) {
                    throw e;
                }
                return noChanges(run, cfn, stackName, existing.get().stackId(), aws.region(), reason, null);
            }
            String stackId = created.stackId();
            DescribeChangeSetResponse cs = awaitChangeSet(run, cfn, created.id());
            if ("FAILED".equals(cs.statusAsString())) {
                String reason = cs.statusReason() == null ? "" : cs.statusReason();
                boolean empty = isEmptyChangeSet(reason);
                if (empty) {
                    return noChanges(run, cfn, stackName, stackId, aws.region(), reason, created.id());
                }
                if (!properties.flag("no-delete-failed-changeset", false)) {
                    cfn.deleteChangeSet(b -> b.changeSetName(created.id()));
                }
                throw failure(run, capabilitiesHint(reason).orElse("change set " + changeSetName + " failed: "
                        + reason));
            }
            run.log("change set " + changeSetName + " is ready: " + cs.changes().size() + " change"
                    + (cs.changes().size() == 1 ? "" : "s"));
            cs.changes().forEach(c -> run.log("  " + c.resourceChange().actionAsString() + " "
                    + c.resourceChange().logicalResourceId() + " (" + c.resourceChange().resourceType() + ")"));
            Map<String, String> out = new LinkedHashMap<>();
            if (properties.flag("no-execute-changeset", false)) {
                run.log("no-execute-changeset: the change set is left for review, not executed");
                out.put("stack-id", stackId);
                out.put("change-set-id", created.id());
                out.put("region", aws.region());
                out.put("deployment-platform", "AWS:CloudFormation");
                return out;
            }
            Set<String> seen = new HashSet<>();
            events(cfn, stackId).forEach(e -> seen.add(e.eventId()));
            cfn.executeChangeSet(b -> b.changeSetName(created.id())
                    .disableRollback(properties.flag("disable-rollback", false)));
            run.log("executing change set " + changeSetName);
            Stack settled = awaitStack(run, cfn, stackId, seen, limit);
            String status = settled.stackStatusAsString();
            if (!status.endsWith("_COMPLETE") || status.contains("ROLLBACK")) {
                throw failure(run, "stack " + stackName + " ended in " + status
                        + (settled.stackStatusReason() == null ? "" : ": " + settled.stackStatusReason()));
            }
            if (properties.has("termination-protection")) {
                boolean on = properties.flag("termination-protection", false);
                cfn.updateTerminationProtection(b -> b.stackName(stackId).enableTerminationProtection(on));
                run.log("termination protection " + (on ? "enabled" : "disabled"));
            }
            run.log("stack " + stackName + " is " + status);
            return outputs(cfn, stackName, stackId, aws.region(), run);
        }
    }

    private static boolean isEmptyChangeSet(String reason) {
        return EMPTY_CHANGE_SET_REASONS.stream().anyMatch(reason::startsWith);
    }

    /** The stack is up to date: a failure with {@code fail-on-empty-changeset} (the default), else its outputs. */
    private Map<String, String> noChanges(TaskRun run, CloudFormationClient cfn, String stackName, String stackId,
                                          String region, String reason, String changeSetId) throws ActionFailure {
        if (changeSetId != null) {
            cfn.deleteChangeSet(b -> b.changeSetName(changeSetId));
        }
        if (failOnEmpty()) {
            throw failure(run, "no changes to deploy: " + reason + " (set fail-on-empty-changeset: '0' to accept)");
        }
        run.log("no changes to deploy: " + reason);
        return outputs(cfn, stackName, stackId, region, run);
    }

    private boolean failOnEmpty() {
        if (properties.has("fail-on-empty-changeset")) {
            return properties.flag("fail-on-empty-changeset", true);
        }
        return !properties.flag("no-fail-on-empty-changeset", false);
    }

    private void template(TaskRun run, CreateChangeSetRequest.Builder request) throws ActionFailure, IOException {
        String t = run.expand(properties.string("template", ""));
        if (t.startsWith("https://") || t.startsWith("http://")) {
            request.templateURL(t);
            return;
        }
        Path file = run.inputPath(t);
        if (!Files.isRegularFile(file)) {
            throw failure(run, "template '" + t + "' does not exist (looked for " + run.shown(file) + ")");
        }
        if (Files.size(file) > MAX_TEMPLATE_BODY_BYTES) {
            throw failure(run, "template " + run.shown(file) + " is " + Files.size(file)
                    + " bytes, over CloudFormation's 51,200-byte limit for a template body; upload it to S3 and "
                    + "give its https:// URL");
        }
        request.templateBody(Files.readString(file));
    }

    private Map<String, String> parameters(TaskRun run) throws ActionFailure, IOException {
        Optional<String> text = properties.string("parameter-overrides").map(run::expand);
        if (text.isEmpty()) {
            return Map.of();
        }
        if (ParameterOverrides.isFile(text.get())) {
            return ParameterOverrides.readFile(run.inputPath(text.get().strip().replaceFirst("^file://", "")));
        }
        try {
            return ParameterOverrides.parsePairs(text.get());
        } catch (IllegalArgumentException e) {
            throw failure(run, e.getMessage());
        }
    }

    private List<Tag> tags(TaskRun run) throws ActionFailure {
        Optional<String> text = properties.string("tags").map(run::expand);
        if (text.isEmpty()) {
            return List.of();
        }
        try {
            JsonNode root = new ObjectMapper().readTree(text.get());
            List<Tag> tags = new ArrayList<>();
            if (root.isArray()) {
                root.forEach(n -> tags.add(Tag.builder().key(n.path("Key").asText()).value(n.path("Value").asText())
                        .build()));
            } else if (root.isObject()) {
                root.fields().forEachRemaining(e -> tags.add(Tag.builder().key(e.getKey())
                        .value(e.getValue().asText()).build()));
            }
            return tags;
        } catch (IOException e) {
            throw failure(run, "tags must be JSON: [{\"Key\": \"k\", \"Value\": \"v\"}]");
        }
    }

    private static Optional<String> capabilitiesHint(String reason) {
        var m = java.util.regex.Pattern.compile("[Rr]equires capabilities\\s*:\\s*\\[([^]]*)]").matcher(reason);
        return m.find() ? Optional.of("requires capabilities: [" + m.group(1) + "]") : Optional.empty();
    }

    private static Optional<Stack> stack(CloudFormationClient cfn, String name) {
        try {
            return cfn.describeStacks(b -> b.stackName(name)).stacks().stream().findFirst();
        } catch (CloudFormationException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not exist")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private DescribeChangeSetResponse awaitChangeSet(TaskRun run, CloudFormationClient cfn, String id)
            throws TaskCancelled, InterruptedException {
        while (true) {
            DescribeChangeSetResponse cs = cfn.describeChangeSet(b -> b.changeSetName(id));
            String status = cs.statusAsString();
            if ("CREATE_COMPLETE".equals(status) || "FAILED".equals(status)) {
                return cs;
            }
            run.pause(pollMillis);
        }
    }

    private Stack awaitStack(TaskRun run, CloudFormationClient cfn, String stackId, Set<String> seen,
                             Duration limit) throws ActionFailure, TaskCancelled, InterruptedException {
        long deadline = limit.isZero() ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
        while (true) {
            List<StackEvent> fresh = new ArrayList<>(events(cfn, stackId).stream()
                    .filter(e -> seen.add(e.eventId())).toList());
            java.util.Collections.reverse(fresh); // the API lists newest first
            fresh.forEach(e -> run.log(e.timestamp() + " " + e.logicalResourceId() + " " + e.resourceType() + " "
                    + e.resourceStatusAsString()
                    + (e.resourceStatusReason() == null ? "" : " " + e.resourceStatusReason())));
            Stack s = cfn.describeStacks(b -> b.stackName(stackId)).stacks().get(0);
            String status = s.stackStatusAsString();
            if (!status.endsWith("_IN_PROGRESS")) {
                return s;
            }
            if (System.nanoTime() > deadline) {
                throw failure(run, "stack did not settle within timeout-in-minutes (" + limit.toMinutes()
                        + "); it is " + status);
            }
            run.pause(pollMillis);
        }
    }

    private static List<StackEvent> events(CloudFormationClient cfn, String stackId) {
        List<StackEvent> all = new ArrayList<>();
        cfn.describeStackEventsPaginator(b -> b.stackName(stackId)).stackEvents().forEach(all::add);
        return all;
    }

    private static Map<String, String> outputs(CloudFormationClient cfn, String stackName, String stackId,
                                               String region, TaskRun run) {
        Stack s = cfn.describeStacks(b -> b.stackName(stackId == null ? stackName : stackId)).stacks().get(0);
        Map<String, String> out = new LinkedHashMap<>();
        s.outputs().forEach(o -> out.put(o.outputKey(), o.outputValue()));
        out.put("stack-id", s.stackId());
        out.put("region", region);
        out.put("deployment-platform", "AWS:CloudFormation");
        out.forEach((k, v) -> run.log("output " + k + " = " + v));
        return out;
    }
}
