package dev.gantry.dsl.yaml;

import dev.gantry.engine.action.ActionIdentifier.ConfigurationShape;
import dev.gantry.engine.action.ActionIdentifiers;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.ActionGroup;
import dev.gantry.engine.model.Compute;
import dev.gantry.engine.model.ComputeType;
import dev.gantry.engine.model.Configuration;
import dev.gantry.engine.model.Connection;
import dev.gantry.engine.model.Environment;
import dev.gantry.engine.model.FileCache;
import dev.gantry.engine.model.Inputs;
import dev.gantry.engine.model.Outputs;
import dev.gantry.engine.model.WorkflowNode;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code Actions} map (reference §1.6, §2): actions and action groups, and each action's Identifier,
 * DependsOn, Compute, Timeout, Environment and Caching; Inputs, Outputs and Configuration are read by
 * {@link InputsOutputsReader} and {@link ConfigurationReader}.
 */
final class ActionReader {
    static final int MAX_DEPENDS_ON = 50;
    static final int MAX_CACHES = 5;
    static final int MAX_RESTORE_KEYS = 5;

    static final Keys ACTION_KEYS = Keys.of("Identifier", "DependsOn", "Compute", "Timeout", "Environment",
            "Caching", "Inputs", "Outputs", "Configuration", "Packages").withHints(Map.ofEntries(
            Map.entry("Steps", "belongs under Configuration"),
            Map.entry("Container", "belongs under Configuration"),
            Map.entry("Fleet", "belongs under Compute"),
            Map.entry("Type", "belongs under Compute"),
            Map.entry("SharedInstance", "belongs under the workflow-level Compute"),
            Map.entry("Sources", "belongs under Inputs"),
            Map.entry("Artifacts", "belongs under Inputs or Outputs"),
            Map.entry("Variables", "belongs under Inputs or Outputs"),
            Map.entry("Reports", "belongs under Outputs"),
            Map.entry("AutoDiscoverReports", "belongs under Outputs"),
            Map.entry("FileCaching", "belongs under Caching"),
            Map.entry("Connections", "belongs under Environment"),
            Map.entry("Name", "is not needed: an action's name is its key under Actions"),
            Map.entry("Actions", "belongs to an action group, which has no Identifier")));
    static final Keys GROUP_KEYS = Keys.of("Actions", "DependsOn");
    static final Keys ENVIRONMENT_KEYS = Keys.of("Name", "Connections");
    static final Keys CONNECTION_KEYS = Keys.of("Name", "Role");
    static final Keys CACHING_KEYS = Keys.of("FileCaching");
    static final Keys FILE_CACHE_KEYS = Keys.of("Path", "RestoreKeys");

    private final NodeReader r;
    private final WorkflowReader workflow;
    private final InputsOutputsReader io;
    private final ConfigurationReader configuration;

    ActionReader(NodeReader reader, WorkflowReader workflow) {
        this.r = reader;
        this.workflow = workflow;
        this.io = new InputsOutputsReader(reader);
        this.configuration = new ConfigurationReader(reader);
    }

    /** The top-level {@code Actions} map: actions and groups in file order. */
    List<WorkflowNode> nodes(Field actionsField) {
        Map<String, Field> entries = r.entries(actionsField, "Actions");
        List<WorkflowNode> nodes = new ArrayList<>();
        if (entries == null) {
            return nodes;
        }
        if (entries.isEmpty()) {
            r.error(actionsField.keyPosition(), "required", "Actions must contain at least one action");
            return nodes;
        }
        for (Field entry : entries.values()) {
            boolean isGroup = isGroup(entry);
            checkNodeName(entry, isGroup ? "group" : "action");
            if (isGroup) {
                ActionGroup group = group(entry);
                if (group != null) {
                    nodes.add(group);
                }
            } else {
                Action action = action(entry, null);
                if (action != null) {
                    nodes.add(action);
                }
            }
        }
        return nodes;
    }

    /** A group is an entry with a nested Actions map and no Identifier. */
    private static boolean isGroup(Field entry) {
        if (!entry.isMapping()) {
            return false;
        }
        boolean hasActions = false;
        for (NodeTuple t : ((MappingNode) entry.value()).getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k) {
                if ("Identifier".equals(k.getValue())) {
                    return false;
                }
                hasActions |= "Actions".equals(k.getValue());
            }
        }
        return hasActions;
    }

    /** Reports a bad action or group name; the entry is read all the same, its contents may have more problems. */
    private void checkNodeName(Field entry, String kind) {
        String name = entry.name();
        if (r.pattern(entry.keyPosition(), name, NamePatterns.NAME, kind + " name", NamePatterns.NAME_CHARS)
                && name.length() > 60) {
            r.warning(entry.keyPosition(), "length", kind + " name '" + name + "' is " + name.length()
                    + " characters long; DependsOn entries are limited to 60, so nothing can depend on it");
        }
    }

    private ActionGroup group(Field entry) {
        String what = "group '" + entry.name() + "'";
        Map<String, Field> g = r.fields(entry, what, GROUP_KEYS);
        if (g == null) {
            return null;
        }
        List<String> dependsOn = dependsOn(g.get("DependsOn"));
        Field membersField = g.get("Actions");
        Map<String, Field> members = r.entries(membersField, "Actions of " + what);
        List<Action> actions = new ArrayList<>();
        if (members == null) {
            return new ActionGroup(entry.name(), dependsOn, actions);
        }
        if (members.isEmpty()) {
            r.error(membersField.keyPosition(), "required", what + " must contain at least one action");
        }
        for (Field member : members.values()) {
            checkNodeName(member, "action");
            if (isGroup(member)) {
                r.error(member.keyPosition(), "group-nesting", "action groups cannot be nested: '" + member.name()
                        + "' is a group inside " + what + "; move it to the top level of Actions");
                continue;
            }
            Action action = action(member, entry.name());
            if (action == null) {
                continue;
            }
            actions.add(action);
        }
        return new ActionGroup(entry.name(), dependsOn, actions);
    }

    /** One action; {@code null} when the entry is not a mapping at all. Its Identifier may be null (reported). */
    private Action action(Field entry, String group) {
        String what = "action '" + entry.name() + "'" + (group == null ? "" : " in group '" + group + "'");
        if (entry.isNull()) {
            r.error(entry.keyPosition(), "required", what + " is empty; it needs an Identifier");
            return null;
        }
        Map<String, Field> a = r.entries(entry, what);
        if (a == null) {
            return null;
        }
        String identifier = r.requiredText(a, "Identifier", entry, what);
        ConfigurationShape kind = ActionIdentifiers.of(identifier).configuration();
        if (identifier != null) {
            checkIdentifier(a.get("Identifier"), identifier);
        }
        for (Field e : a.values()) {
            if (!ACTION_KEYS.allows(e.name())) {
                r.unknownKey(e, what, ACTION_KEYS);
            }
        }
        List<String> dependsOn = dependsOn(a.get("DependsOn"));
        Compute compute = a.containsKey("Compute")
                ? workflow.compute(a.get("Compute"), "Compute of " + what, false, kind != ConfigurationShape.GITHUB_STEPS)
                : null;
        if (compute != null && kind == ConfigurationShape.GITHUB_STEPS && a.get("Compute") != null
                && compute.type() == ComputeType.LAMBDA) {
            r.error(a.get("Compute").valuePosition(), "not-allowed", "aws/github-actions-runner cannot run on "
                    + "Lambda compute; use EC2");
        }
        Integer timeout = r.integer(a.get("Timeout"), "Timeout (minutes)");
        Environment environment = a.containsKey("Environment") ? environment(a.get("Environment"), what) : null;
        Map<String, FileCache> caches = caches(a.get("Caching"), what);
        Inputs inputs = a.containsKey("Inputs") ? io.inputs(a.get("Inputs"), what) : Inputs.NONE;
        Outputs outputs = a.containsKey("Outputs") ? io.outputs(a.get("Outputs"), what) : Outputs.NONE;
        Configuration config = configuration.read(a.get("Configuration"), a.get("Packages"), kind, what,
                entry.path());
        return new Action(entry.name(), group, identifier, dependsOn, compute, timeout, environment, caches, inputs,
                outputs, config);
    }

    private void checkIdentifier(Field f, String identifier) {
        if (NamePatterns.IDENTIFIER.matcher(identifier).matches()) {
            return;
        }
        if (".".equals(identifier) || identifier.startsWith("./") || identifier.startsWith("../")) {
            r.warning(f.valuePosition(), "identifier", "Identifier '" + identifier + "' is a local action, an "
                    + "AWS runner convention that the CodeCatalyst service does not accept");
        } else if (NamePatterns.IDENTIFIER_WITHOUT_VERSION.matcher(identifier).matches()) {
            r.error(f.valuePosition(), "identifier", "Identifier '" + identifier + "' needs a major version, e.g. "
                    + identifier + "@v1");
        } else {
            r.error(f.valuePosition(), "identifier", "Identifier '" + identifier + "' must look like "
                    + "owner/name@vN, e.g. aws/build@v1");
        }
    }

    private List<String> dependsOn(Field f) {
        List<String> names = new ArrayList<>();
        if (f == null) {
            return names;
        }
        List<Field> items = r.items(f, "DependsOn");
        r.limit(f.keyPosition(), items.size(), MAX_DEPENDS_ON, "DependsOn entries");
        for (Field item : items) {
            String name = r.text(item, "each DependsOn entry");
            if (name == null) {
                continue;
            }
            if (r.length(item.valuePosition(), name, 1, 60, "DependsOn entry")) {
                r.pattern(item.valuePosition(), name, NamePatterns.NAME, "DependsOn entry", NamePatterns.NAME_CHARS);
            }
            r.placeAt(item, f.path(), names.size());
            names.add(name);
        }
        return names;
    }

    private Environment environment(Field f, String what) {
        String envWhat = "the Environment of " + what;
        Map<String, Field> e = r.fields(f, envWhat, ENVIRONMENT_KEYS);
        if (e == null) {
            return null;
        }
        String name = r.requiredText(e, "Name", f, envWhat);
        if (name != null) {
            r.length(e.get("Name").valuePosition(), name, 1, 2500, "Environment Name");
        }
        List<Connection> connections = new ArrayList<>();
        Field cf = e.get("Connections");
        List<Field> items = r.items(cf, "Connections");
        if (items.size() > 1) {
            r.error(items.get(1).valuePosition(), "limit", "an Environment can have at most one connection");
        }
        for (Field item : items) {
            Map<String, Field> c = r.fields(item, "a connection", CONNECTION_KEYS);
            if (c == null) {
                continue;
            }
            String connectionName = connectionName(c, item);
            String role = r.requiredText(c, "Role", item, "a connection");
            if (role != null && r.length(c.get("Role").valuePosition(), role, 1, 64, "connection Role")) {
                r.pattern(c.get("Role").valuePosition(), role, NamePatterns.ROLE, "connection Role",
                        NamePatterns.ROLE_CHARS);
            }
            r.placeAt(item, cf.path(), connections.size());
            connections.add(new Connection(connectionName, role));
        }
        return new Environment(name, connections);
    }

    /** A connection name is text (3-63 characters) or an AWS account id written as a number. */
    private String connectionName(Map<String, Field> c, Field item) {
        if (!r.require(c, "Name", item, "a connection")) {
            return null;
        }
        Field f = c.get("Name");
        if (f.value() instanceof ScalarNode s && Tag.INT.equals(s.getTag())) {
            String digits = s.getValue().replace("_", "");
            if (!digits.matches("[0-9]{1,12}")) {
                r.error(f.valuePosition(), "name-pattern", "a connection Name written as a number must be an AWS "
                        + "account id (up to 12 digits), not " + s.getValue());
            }
            return digits;
        }
        String name = r.text(f, "connection Name");
        if (name != null && r.length(f.valuePosition(), name, 3, 63, "connection Name")) {
            r.pattern(f.valuePosition(), name, NamePatterns.CONNECTION, "connection Name", NamePatterns.NAME_CHARS);
        }
        return name;
    }

    private Map<String, FileCache> caches(Field f, String what) {
        Map<String, FileCache> caches = new LinkedHashMap<>();
        if (f == null) {
            return caches;
        }
        Map<String, Field> caching = r.fields(f, "Caching of " + what, CACHING_KEYS);
        if (caching == null) {
            return caches;
        }
        Field fc = caching.get("FileCaching");
        Map<String, Field> entries = r.entries(fc, "FileCaching");
        if (entries == null) {
            return caches;
        }
        r.limit(fc == null ? f.keyPosition() : fc.keyPosition(), entries.size(), MAX_CACHES,
                "file caches in one action");
        for (Field entry : entries.values()) {
            String name = entry.name();
            if (r.length(entry.keyPosition(), name, 1, 180, "cache name")) {
                r.pattern(entry.keyPosition(), name, NamePatterns.CACHE, "cache name", NamePatterns.CACHE_CHARS);
            }
            String cacheWhat = "cache '" + name + "'";
            if (entry.isNull()) {
                r.error(entry.keyPosition(), "required", cacheWhat + " needs Path");
                continue;
            }
            Map<String, Field> c = r.fields(entry, cacheWhat, FILE_CACHE_KEYS);
            if (c == null) {
                continue;
            }
            String path = r.requiredText(c, "Path", entry, cacheWhat);
            if (path != null) {
                checkCachePath(c.get("Path"), path);
            }
            List<String> restoreKeys = new ArrayList<>();
            Field rk = c.get("RestoreKeys");
            List<Field> keys = r.items(rk, "RestoreKeys");
            if (rk != null) {
                r.limit(rk.keyPosition(), keys.size(), MAX_RESTORE_KEYS, "RestoreKeys in one cache");
            }
            for (Field k : keys) {
                String key = r.text(k, "each RestoreKeys entry");
                if (key == null) {
                    continue;
                }
                if (r.length(k.valuePosition(), key, 1, 180, "restore key")) {
                    r.pattern(k.valuePosition(), key, NamePatterns.CACHE, "restore key", NamePatterns.CACHE_CHARS);
                }
                r.placeAt(k, rk.path(), restoreKeys.size());
                restoreKeys.add(key);
            }
            caches.put(name, new FileCache(name, path, restoreKeys));
        }
        return caches;
    }

    private void checkCachePath(Field f, String path) {
        if (path.indexOf('*') >= 0) {
            r.error(f.valuePosition(), "cache-path", "a cache Path is a file or folder, not a pattern: remove the '*'");
        }
        int n = path.codePointCount(0, path.length());
        if (n > 1000) {
            r.length(f.valuePosition(), path, 1, 1000, "cache Path");
        } else if (n > 255) {
            r.warning(f.valuePosition(), "length", "cache Path is " + n + " characters long; the user guide allows "
                    + "255 (the service's schema 1000)");
        } else if (n == 0) {
            r.length(f.valuePosition(), path, 1, 1000, "cache Path");
        }
    }
}
