package dev.gantry.dsl.yaml;

import dev.gantry.engine.model.Compute;
import dev.gantry.engine.model.ComputeType;
import dev.gantry.engine.model.RunMode;
import dev.gantry.engine.model.Trigger;
import dev.gantry.engine.model.TriggerType;
import dev.gantry.engine.model.Workflow;
import dev.gantry.engine.model.WorkflowNode;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the top level of a workflow (reference §1): Name, SchemaVersion, RunMode, Compute, Triggers, and hands the
 * Actions map to {@link ActionReader}.
 */
final class WorkflowReader {
    static final Keys WORKFLOW_KEYS = Keys.of("Name", "SchemaVersion", "RunMode", "Compute", "Triggers", "Actions")
            .withHints(Map.of(
                    "Identifier", "belongs to an action, under Actions",
                    "DependsOn", "belongs to an action or group, under Actions",
                    "Steps", "belongs under an action's Configuration",
                    "Branches", "belongs to a trigger, under Triggers",
                    "Events", "belongs to a trigger, under Triggers",
                    "Fleet", "belongs under Compute"));
    static final Keys COMPUTE_KEYS = Keys.of("Type", "Fleet", "SharedInstance");
    static final Keys TRIGGER_KEYS = Keys.of("Type", "Branches", "FilesChanged", "Events", "Expression");
    static final List<String> RUN_MODES = List.of("QUEUED", "SUPERSEDED", "PARALLEL");
    static final List<String> COMPUTE_TYPES = List.of("EC2", "LAMBDA");
    static final List<String> TRIGGER_TYPES = List.of("PUSH", "PULLREQUEST", "SCHEDULE", "MANUAL");
    static final List<String> EVENTS = List.of("OPEN", "CLOSED", "REVISION", "DRAFT", "MERGED");

    private final NodeReader r;
    private final ActionReader actions;

    WorkflowReader(NodeReader reader) {
        this.r = reader;
        this.actions = new ActionReader(reader, this);
    }

    /** The workflow, or {@code null} when the document is not a mapping at all. */
    Workflow read(Field root) {
        if (!root.isMapping()) {
            r.error(root.valuePosition(), "type", "a workflow file must be a mapping with Name, SchemaVersion and "
                    + "Actions, not " + root.describe());
            return null;
        }
        Map<String, Field> top = r.fields(root, "the workflow", WORKFLOW_KEYS);
        String name = r.requiredText(top, "Name", root, "the workflow");
        if (name != null && r.length(top.get("Name").valuePosition(), name, 1, 100, "the workflow Name")) {
            r.pattern(top.get("Name").valuePosition(), name, NamePatterns.NAME, "the workflow Name",
                    NamePatterns.NAME_CHARS + ", no spaces");
        }
        String schemaVersion = schemaVersion(top, root);
        RunMode runMode = null;
        String mode = r.oneOf(top.get("RunMode"), "RunMode", RUN_MODES, false);
        if (mode != null) {
            runMode = RunMode.valueOf(mode);
        }
        Compute compute = top.containsKey("Compute") ? compute(top.get("Compute"), "the workflow Compute", true,
                true) : null;
        List<Trigger> triggers = triggers(top.get("Triggers"));
        List<WorkflowNode> nodes = List.of();
        if (r.require(top, "Actions", root, "the workflow")) {
            nodes = actions.nodes(top.get("Actions"));
        }
        return new Workflow(name, schemaVersion, runMode, compute, triggers, nodes);
    }

    private String schemaVersion(Map<String, Field> top, Field root) {
        if (!r.require(top, "SchemaVersion", root, "the workflow")) {
            return null;
        }
        Field f = top.get("SchemaVersion");
        if (f.value() instanceof ScalarNode s) {
            boolean isFloat = Tag.FLOAT.equals(s.getTag());
            if ((isFloat && parsesAsOne(s.getValue())) || (Tag.STR.equals(s.getTag()) && "1.0".equals(s.getValue()))) {
                return "1.0";
            }
            r.error(f.valuePosition(), "enum", "SchemaVersion must be 1.0, not " + s.getValue()
                    + (Tag.INT.equals(s.getTag()) && "1".equals(s.getValue()) ? " (write 1.0)" : ""));
            return s.getValue();
        }
        r.error(f.valuePosition(), "type", "SchemaVersion must be 1.0, not " + f.describe());
        return null;
    }

    private static boolean parsesAsOne(String text) {
        try {
            return Double.parseDouble(text.replace("_", "")) == 1.0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * {@code Compute} at workflow or action level. {@code typeRequired} is false only for GitHub Actions actions,
     * whose Compute takes a Fleet alone. A missing Type reads as EC2 (the default) after reporting.
     */
    Compute compute(Field f, String what, boolean workflowLevel, boolean typeRequired) {
        Map<String, Field> c = r.entries(f, what);
        if (c == null) {
            return null;
        }
        for (Field e : c.values()) {
            if ("SharedInstance".equals(e.name()) && !workflowLevel) {
                r.error(e.keyPosition(), "not-allowed", "SharedInstance is only allowed in the workflow-level "
                        + "Compute, not on an action");
            } else if (!COMPUTE_KEYS.allows(e.name())) {
                r.unknownKey(e, what, COMPUTE_KEYS);
            }
        }
        ComputeType type = ComputeType.EC2;
        if (typeRequired && !f.isNull()) {
            r.require(c, "Type", f, what);
        }
        String t = r.oneOf(c.get("Type"), "Compute Type", COMPUTE_TYPES, true);
        if (t != null) {
            type = ComputeType.valueOf(t);
        }
        String fleet = r.text(c.get("Fleet"), "Fleet");
        if (fleet != null) {
            r.length(c.get("Fleet").valuePosition(), fleet, 2, 128, "Fleet");
        }
        Boolean shared = workflowLevel ? sharedInstance(c.get("SharedInstance")) : null;
        return new Compute(type, fleet, shared);
    }

    /** {@code TRUE}/{@code FALSE} as the reference writes it (a YAML boolean), or the strings "TRUE"/"FALSE". */
    private Boolean sharedInstance(Field f) {
        if (f == null || f.isNull()) {
            return null;
        }
        if (f.value() instanceof ScalarNode s && Tag.STR.equals(s.getTag())) {
            if ("TRUE".equalsIgnoreCase(s.getValue()) || "FALSE".equalsIgnoreCase(s.getValue())) {
                return "TRUE".equalsIgnoreCase(s.getValue());
            }
            r.error(f.valuePosition(), "type", "SharedInstance must be TRUE or FALSE, not '" + s.getValue() + "'");
            return null;
        }
        return r.bool(f, "SharedInstance");
    }

    private List<Trigger> triggers(Field f) {
        List<Trigger> triggers = new ArrayList<>();
        for (Field item : r.items(f, "Triggers")) {
            Map<String, Field> t = r.entries(item, "each trigger");
            if (t == null) {
                continue;
            }
            String what = "the trigger";
            if (!r.require(t, "Type", item, what)) {
                r.checkKeys(t, what, TRIGGER_KEYS);
                continue;
            }
            String typeName = r.oneOf(t.get("Type"), "trigger Type", TRIGGER_TYPES, true);
            if (typeName == null) {
                r.checkKeys(t, what, TRIGGER_KEYS);
                continue;
            }
            TriggerType type = TriggerType.valueOf(typeName);
            what = "a " + typeName + " trigger";
            checkTriggerKeys(t, type, what);
            List<String> branches = regexes(t.get("Branches"), "Branches");
            List<String> files = regexes(t.get("FilesChanged"), "FilesChanged");
            List<String> events = events(t, item, type, what);
            String expression = null;
            if (type == TriggerType.SCHEDULE && r.require(t, "Expression", item, what)) {
                expression = r.text(t.get("Expression"), "Expression");
            }
            r.placeAt(item, "/Triggers", triggers.size());
            triggers.add(new Trigger(type, branches, files, events, expression));
        }
        return triggers;
    }

    private void checkTriggerKeys(Map<String, Field> t, TriggerType type, String what) {
        for (Field e : t.values()) {
            if (!TRIGGER_KEYS.allows(e.name())) {
                r.unknownKey(e, what, TRIGGER_KEYS);
                continue;
            }
            boolean allowed = switch (e.name()) {
                case "Type" -> true;
                case "Branches" -> type != TriggerType.MANUAL;
                case "FilesChanged" -> type == TriggerType.PUSH || type == TriggerType.PULLREQUEST;
                case "Events" -> type == TriggerType.PULLREQUEST;
                case "Expression" -> type == TriggerType.SCHEDULE;
                default -> false;
            };
            if (!allowed) {
                String message = e.name() + " is not allowed on " + what;
                if (type == TriggerType.MANUAL) {
                    r.warning(e.keyPosition(), "not-allowed", message + "; a MANUAL trigger only has a Type");
                } else {
                    r.error(e.keyPosition(), "not-allowed", message);
                }
            }
        }
    }

    private List<String> events(Map<String, Field> t, Field item, TriggerType type, String what) {
        List<String> events = new ArrayList<>();
        if (type != TriggerType.PULLREQUEST) {
            return events;
        }
        if (!r.require(t, "Events", item, what)) {
            return events;
        }
        Field eventsField = t.get("Events");
        List<Field> items = r.items(eventsField, "Events");
        if (items.isEmpty() && eventsField.isSequence()) {
            r.error(eventsField.valuePosition(), "required", "Events of " + what + " needs at least one event "
                    + "(OPEN, REVISION or CLOSED)");
        }
        for (Field e : items) {
            String event = r.oneOf(e, "a pull request event", EVENTS, true);
            if (event != null) { // DRAFT and MERGED (SDK only) are warned about by the validator
                r.placeAt(e, eventsField.path(), events.size());
                events.add(event);
            }
        }
        return events;
    }

    /** A list of regular expressions (Branches, FilesChanged); the validator checks that they compile. */
    private List<String> regexes(Field f, String what) {
        List<String> values = new ArrayList<>();
        for (Field item : r.items(f, what)) {
            String v = r.text(item, "each item of " + what);
            if (v != null) {
                r.placeAt(item, f.path(), values.size());
                values.add(v);
            }
        }
        return values;
    }
}
