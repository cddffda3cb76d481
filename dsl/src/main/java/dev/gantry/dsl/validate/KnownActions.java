package dev.gantry.dsl.validate;

import dev.gantry.engine.model.Action;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the reference says about particular action identifiers (§2.1, §3.4). */
final class KnownActions {
    /** Actions that run in Docker and so cannot run on Lambda compute (reference §2.1). */
    static final Set<String> DOCKER_BASED = Set.of("aws/ecs-deploy", "aws/cfn-deploy", "aws/s3-publish",
            "aws/cdk-bootstrap", "aws/cdk-deploy", "aws/lambda-invoke", "aws/github-actions-runner");

    /**
     * Docker-based actions that public workflows, written with the service's own editor, run with {@code Type:
     * Lambda} although the documentation says they cannot: a warning, not an error.
     */
    static final Set<String> LAMBDA_SEEN_IN_PRACTICE = Set.of("aws/cdk-bootstrap", "aws/cdk-deploy");

    /** Actions that take a source or an artifact as input, not both; CDK deploy takes exactly one input. */
    static final Set<String> ONE_KIND_OF_INPUT = Set.of("aws/ecs-deploy", "aws/lambda-invoke",
            "aws/kubernetes-deploy", "aws/ecs-render-task-definition");

    /** Predefined output variables of deploy actions (reference §3.4). */
    static final Map<String, List<String>> PREDEFINED = Map.of(
            "aws/ecs-deploy", List.of("cluster", "deployment-platform", "service", "task-definition-arn",
                    "deployment-url", "region"),
            "aws/cfn-deploy", List.of("deployment-platform", "region", "stack-id"),
            "aws/kubernetes-deploy", List.of("cluster", "deployment-platform", "metadata", "namespace",
                    "resources", "server"),
            "aws/ecs-render-task-definition", List.of("task-definition"));

    /** CDK deploy's own variables besides the CloudFormation outputs it is told to expose. */
    private static final List<String> CDK_DEPLOY_PREDEFINED =
            List.of("stack-id", "deployment-platform", "region", "SKIP-DEPLOYMENT");

    private static final Pattern JSON_STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    private KnownActions() {
    }

    /** Whether {@code a} runs in Docker (so not on Lambda compute). */
    static boolean dockerBased(Action a) {
        return a.identifierName() != null && DOCKER_BASED.contains(a.identifierName());
    }

    /** Whether {@code a} takes a source or artifacts but not both. */
    static boolean oneKindOfInput(Action a) {
        return a.identifierName() != null && ONE_KIND_OF_INPUT.contains(a.identifierName());
    }

    /** How sure the validator can be of the variables an action exports. */
    enum Certainty {
        /** The list is complete: referencing anything else is an error. */
        EXACT,
        /** The documented list, which may miss some: referencing anything else is a warning. */
        DOCUMENTED,
        /** Unknown (custom, partner and Labs actions): no check. */
        UNKNOWN
    }

    /** The variables an action makes available to others, and how complete that list is. */
    record Exports(Set<String> names, Certainty certainty) {
    }

    static Exports exports(Action a) {
        Set<String> names = new LinkedHashSet<>(a.outputs().variables());
        String id = a.identifierName();
        if (a.runsSteps() || "aws/github-actions-runner".equals(id) || a.isGate()) {
            return new Exports(names, Certainty.EXACT);
        }
        if (id != null && PREDEFINED.containsKey(id)) {
            names.addAll(PREDEFINED.get(id));
            return new Exports(names, Certainty.DOCUMENTED);
        }
        if ("aws/cdk-deploy".equals(id)) {
            Object cfn = a.configuration().properties().get("CfnOutputVariables");
            if (cfn instanceof String s) {
                Matcher m = JSON_STRING.matcher(s);
                while (m.find()) {
                    names.add(m.group(1));
                }
                names.addAll(CDK_DEPLOY_PREDEFINED);
                return new Exports(names, Certainty.DOCUMENTED);
            }
        }
        return new Exports(names, Certainty.UNKNOWN);
    }
}
