package dev.gantry.engine.action;

import dev.gantry.engine.action.ActionIdentifier.Certainty;
import dev.gantry.engine.action.ActionIdentifier.ConfigurationShape;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one catalog of action identifiers the reference describes: the loader (Configuration shape), the validator
 * (timeouts, compute, inputs, exported variables), planning and the run all ask here. An identifier missing from it
 * is a custom or partner action: free-form Configuration, unknown exports.
 *
 * <p>To add one (a deploy action, a custom action Gantry learns): one line in {@link #CATALOG}; then, to run it,
 * bind it in the actions module's {@code ActionRegistry}.
 */
public final class ActionIdentifiers {
    private static final Map<String, ActionIdentifier> CATALOG = catalog(List.of(
            steps("aws/build"),
            steps("aws/managed-test"),
            // the beta of the build action, still in AWS's own samples (publish-to-codeartifact): the same schema
            steps("aws/build-beta"),
            new ActionIdentifier("aws/approval", ConfigurationShape.PROPERTIES, true, false, false, List.of(),
                    Certainty.EXACT),
            new ActionIdentifier("aws/github-actions-runner", ConfigurationShape.GITHUB_STEPS, false, true, false,
                    List.of(), Certainty.EXACT),
            deploy("aws/ecs-deploy", true, true, "cluster", "deployment-platform", "service", "task-definition-arn",
                    "deployment-url", "region"),
            deploy("aws/cfn-deploy", true, false, "deployment-platform", "region", "stack-id"),
            deploy("aws/s3-publish", true, false),
            deploy("aws/cdk-bootstrap", true, false),
            // cdk-deploy also exports the CloudFormation outputs named in its CfnOutputVariables (the validator reads
            // them); these are its own
            deploy("aws/cdk-deploy", true, false, "stack-id", "deployment-platform", "region", "SKIP-DEPLOYMENT"),
            deploy("aws/lambda-invoke", true, true),
            deploy("aws/kubernetes-deploy", false, true, "cluster", "deployment-platform", "metadata", "namespace",
                    "resources", "server"),
            deploy("aws/ecs-render-task-definition", false, true, "task-definition")));

    private ActionIdentifiers() {
    }

    /**
     * What {@code identifier} ({@code aws/build@v1} or {@code aws/build}; {@code null} for none) is: its catalog
     * entry, or a custom action's (free-form Configuration, unknown exports).
     */
    public static ActionIdentifier of(String identifier) {
        String name = nameOf(identifier);
        ActionIdentifier known = name == null ? null : CATALOG.get(name);
        return known != null ? known : new ActionIdentifier(name, ConfigurationShape.PROPERTIES, false, false, false,
                List.of(), Certainty.UNKNOWN);
    }

    /** Whether the catalog describes {@code identifier}. */
    public static boolean isKnown(String identifier) {
        String name = nameOf(identifier);
        return name != null && CATALOG.containsKey(name);
    }

    /** The identifier without its version: {@code aws/build@v1} gives {@code aws/build}; {@code null} stays. */
    public static String nameOf(String identifier) {
        int at = identifier == null ? -1 : identifier.indexOf('@');
        return at < 0 ? identifier : identifier.substring(0, at);
    }

    private static ActionIdentifier steps(String name) {
        return new ActionIdentifier(name, ConfigurationShape.SHELL_STEPS, false, false, false, List.of(),
                Certainty.EXACT);
    }

    private static ActionIdentifier deploy(String name, boolean docker, boolean oneKindOfInput, String... outputs) {
        return new ActionIdentifier(name, ConfigurationShape.PROPERTIES, false, docker, oneKindOfInput,
                List.of(outputs), outputs.length == 0 ? Certainty.UNKNOWN : Certainty.DOCUMENTED);
    }

    private static Map<String, ActionIdentifier> catalog(List<ActionIdentifier> entries) {
        Map<String, ActionIdentifier> m = new LinkedHashMap<>();
        entries.forEach(e -> m.put(e.name(), e));
        return Map.copyOf(m);
    }
}
