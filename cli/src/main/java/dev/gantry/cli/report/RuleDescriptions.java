package dev.gantry.cli.report;

import java.util.Map;

/**
 * One-line descriptions of the rule ids that the loader and the validator report, for formats that list rules
 * (SARIF). A rule not listed here still works; it is described by its id.
 */
final class RuleDescriptions {
    private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            // the file and its YAML
            Map.entry("yaml-syntax", "The file is not valid YAML."),
            Map.entry("yaml-aliases", "Aliases expand the document too much (an alias bomb) or refer to themselves."),
            Map.entry("yaml-boolean", "An unquoted yes/no/on/off is a boolean in YAML 1.1, not text."),
            Map.entry("multiple-documents", "Only the first YAML document of a workflow file counts."),
            Map.entry("duplicate-key", "A key is given twice in the same mapping."),
            Map.entry("file-size", "The file is over the service's 256 KB limit."),
            Map.entry("file-read", "The file cannot be read."),
            Map.entry("file-name", "The service ignores workflow files whose extension is not lower case."),
            Map.entry("file-type", "The file is not a workflow file Gantry can read."),
            Map.entry("encoding", "The file is not valid UTF-8."),
            Map.entry("internal-error", "Gantry failed while checking the file."),
            // structure of the workflow definition
            Map.entry("unknown-key", "A key that the workflow definition does not have at this place."),
            Map.entry("not-allowed", "A known key that is not allowed in this context."),
            Map.entry("type", "A value of the wrong type (for example text where a list is expected)."),
            Map.entry("required", "A required key or value is missing."),
            Map.entry("enum", "A value that is not one of the allowed values."),
            Map.entry("name-pattern", "A name with characters the service does not allow."),
            Map.entry("length", "A name or value that is too short or too long."),
            Map.entry("limit", "More entries than the service allows."),
            Map.entry("range", "A number outside its allowed range."),
            Map.entry("identifier", "An action Identifier that is not owner/name@vN."),
            Map.entry("group-nesting", "An action group inside another action group."),
            Map.entry("cache-path", "A file cache Path with a wildcard."),
            // semantic rules of the validator
            Map.entry("depends-on-unknown", "DependsOn names an action, group or gate that does not exist."),
            Map.entry("depends-on-scope", "DependsOn crosses a group boundary."),
            Map.entry("depends-on-self", "An action depends on itself."),
            Map.entry("depends-on-duplicate", "The same DependsOn entry is listed twice."),
            Map.entry("cycle", "Actions depend on each other in a cycle."),
            Map.entry("duplicate-name", "Two actions or groups have the same name."),
            Map.entry("compute-both-levels", "Compute is set both on the workflow and on an action."),
            Map.entry("shared-instance", "SharedInstance is used where compute sharing is not possible."),
            Map.entry("fleet-unknown", "A fleet that is not an on-demand fleet nor a known provisioned fleet."),
            Map.entry("fleet-compute-type", "A fleet that the compute type cannot use."),
            Map.entry("lambda-unsupported", "Something Lambda compute cannot do."),
            Map.entry("lambda-docker", "Docker commands on Lambda compute."),
            Map.entry("timeout-range", "A Timeout outside the range the action allows."),
            Map.entry("cron", "A SCHEDULE Expression that is not a valid six-field cron."),
            Map.entry("cron-frequency", "A schedule that runs more often than every 30 minutes."),
            Map.entry("trigger-regex", "A Branches or FilesChanged entry that is not a valid regular expression."),
            Map.entry("schedule-duplicate", "More than one SCHEDULE trigger."),
            Map.entry("pullrequest-event", "A pull request event the user guide does not document."),
            Map.entry("variable-reference", "A ${Action.Variable} reference to something that does not exist."),
            Map.entry("variable-name", "An input variable name that steps cannot read as a shell variable."),
            Map.entry("variable-duplicate", "An input variable defined twice."),
            Map.entry("output-variable-undefined", "An exported variable that the action never defines."),
            Map.entry("reference-syntax", "Text that looks like a reference but is not one."),
            Map.entry("secret-reference", "A malformed ${Secrets.NAME} reference."),
            Map.entry("secret-limit", "More than 5 secrets in one action."),
            Map.entry("input-artifact-unknown", "An input artifact that no action produces."),
            Map.entry("input-artifact-self", "An action that consumes its own output artifact."),
            Map.entry("input-source-unknown", "A source other than WorkflowSource."),
            Map.entry("inputs-missing", "An action without a source or an artifact as input."),
            Map.entry("inputs-limit", "More inputs than the action takes."),
            Map.entry("artifact-duplicate", "Two output artifacts with the same name."),
            Map.entry("cache-duplicate", "Two file caches with the same name and different paths."),
            Map.entry("steps-missing", "A build or test action without steps."),
            Map.entry("container-image", "A Container image that cannot be used."),
            Map.entry("container-architecture", "A Container image for another architecture than the fleet."),
            Map.entry("gate-in-group", "A gate inside an action group."),
            Map.entry("gate-parallel", "A gate that would run in parallel with an action."),
            Map.entry("gate-shared-instance", "A gate in a workflow that shares its compute instance."),
            Map.entry("actions-limit", "More than 50 actions in one workflow."));

    private RuleDescriptions() {
    }

    static String describe(String rule) {
        return DESCRIPTIONS.getOrDefault(rule, "Gantry rule " + rule + ".");
    }
}
