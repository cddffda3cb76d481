package dev.gantry.dsl.export;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.ActionGroup;
import dev.gantry.engine.model.AutoDiscoverReports;
import dev.gantry.engine.model.Compute;
import dev.gantry.engine.model.ComputeType;
import dev.gantry.engine.model.Configuration;
import dev.gantry.engine.model.Connection;
import dev.gantry.engine.model.Environment;
import dev.gantry.engine.model.FileCache;
import dev.gantry.engine.model.Inputs;
import dev.gantry.engine.model.OutputArtifact;
import dev.gantry.engine.model.Outputs;
import dev.gantry.engine.model.Report;
import dev.gantry.engine.model.Step;
import dev.gantry.engine.model.SuccessCriteria;
import dev.gantry.engine.model.Threshold;
import dev.gantry.engine.model.Trigger;
import dev.gantry.engine.model.Variable;
import dev.gantry.engine.model.Workflow;
import dev.gantry.engine.model.WorkflowNode;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Represent;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Workflow} as CodeCatalyst workflow YAML, the way the service's documentation lays a file out.
 *
 * <p>Keys come in the documentation's order (top level: {@code Name, SchemaVersion, RunMode, Compute, Triggers,
 * Actions}; an action: {@code Identifier, DependsOn, Compute, Timeout, Environment, Caching, Inputs, Outputs,
 * Configuration}); empty sections are left out. Strings are quoted only where YAML 1.1 would read them otherwise
 * ({@code "1.0"}, {@code "yes"}, {@code "123"}, {@code "**}{@code /*"}, {@code "a: b"}), multi-line strings become
 * {@code |} block literals, and nothing is folded, so loading the text again gives a model equal to the one written.
 * {@code SharedInstance} is written {@code TRUE}/{@code FALSE} as the documentation spells it (a YAML 1.1 boolean).
 */
public final class WorkflowYamlWriter {
    private final Yaml yaml;

    public WorkflowYamlWriter() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setWidth(Integer.MAX_VALUE);
        options.setSplitLines(false);
        options.setLineBreak(DumperOptions.LineBreak.UNIX);
        options.setAllowUnicode(true);
        this.yaml = new Yaml(new ScalarRepresenter(options), options);
    }

    /** The whole file: top-level sections separated by blank lines, and a blank line between top-level actions. */
    public String write(Workflow workflow) {
        return write(workflow, List.of());
    }

    /** The whole file, after {@code header} lines written as {@code #} comments. */
    public String write(Workflow workflow, List<String> header) {
        StringBuilder comments = new StringBuilder();
        for (String h : header) {
            comments.append("# ").append(h).append('\n');
        }
        if (!header.isEmpty()) {
            comments.append('\n');
        }
        return comments + body(workflow);
    }

    private String body(Workflow workflow) {
        StringBuilder out = new StringBuilder();
        Map<String, Object> head = new LinkedHashMap<>();
        putIfPresent(head, "Name", workflow.name());
        putIfPresent(head, "SchemaVersion", workflow.schemaVersion());
        if (workflow.runMode() != null) {
            head.put("RunMode", workflow.runMode().name());
        }
        putIfPresent(head, "Compute", compute(workflow.compute()));
        appendSection(out, head);
        if (!workflow.triggers().isEmpty()) {
            List<Object> triggers = new ArrayList<>();
            for (Trigger t : workflow.triggers()) {
                triggers.add(trigger(t));
            }
            appendSection(out, Map.of("Triggers", triggers));
        }
        out.append(out.length() == 0 ? "" : "\n").append("Actions:");
        if (workflow.nodes().isEmpty()) {
            out.append(" {}\n");
            return out.toString();
        }
        out.append('\n');
        boolean first = true;
        for (WorkflowNode node : workflow.nodes()) {
            if (!first) {
                out.append('\n');
            }
            first = false;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put(node.name(), node instanceof ActionGroup g ? group(g) : action((Action) node));
            out.append(indent(yaml.dump(entry)));
        }
        return out.toString();
    }

    private void appendSection(StringBuilder out, Map<String, Object> section) {
        if (section.isEmpty()) {
            return;
        }
        if (out.length() > 0) {
            out.append('\n');
        }
        out.append(yaml.dump(section));
    }

    /** Indents every non-empty line by two spaces (block scalars keep their relative indentation). */
    private static String indent(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 64);
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty()) {
                sb.append("  ").append(line);
            }
            sb.append('\n');
        }
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }

    private Map<String, Object> group(ActionGroup g) {
        Map<String, Object> m = new LinkedHashMap<>();
        putList(m, "DependsOn", g.dependsOn());
        Map<String, Object> actions = new LinkedHashMap<>();
        for (Action a : g.actions()) {
            actions.put(a.name(), action(a));
        }
        m.put("Actions", actions);
        return m;
    }

    private Map<String, Object> action(Action a) {
        Map<String, Object> m = new LinkedHashMap<>();
        putIfPresent(m, "Identifier", a.identifier());
        putList(m, "DependsOn", a.dependsOn());
        putIfPresent(m, "Compute", compute(a.compute()));
        putIfPresent(m, "Timeout", a.timeoutMinutes());
        putIfPresent(m, "Environment", environment(a.environment()));
        if (!a.caches().isEmpty()) {
            Map<String, Object> caches = new LinkedHashMap<>();
            for (FileCache c : a.caches().values()) {
                Map<String, Object> cache = new LinkedHashMap<>();
                putIfPresent(cache, "Path", c.path());
                putList(cache, "RestoreKeys", c.restoreKeys());
                caches.put(c.name(), cache);
            }
            m.put("Caching", Map.of("FileCaching", caches));
        }
        putIfNotEmpty(m, "Inputs", inputs(a.inputs()));
        putIfNotEmpty(m, "Outputs", outputs(a.outputs()));
        putIfNotEmpty(m, "Configuration", configuration(a.configuration()));
        return m;
    }

    private static Map<String, Object> compute(Compute c) {
        if (c == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        if (c.type() != null) {
            m.put("Type", c.type() == ComputeType.LAMBDA ? "Lambda" : "EC2");
        }
        putIfPresent(m, "Fleet", c.fleet());
        if (c.sharedInstance() != null) {
            m.put("SharedInstance", new DocumentedBoolean(c.sharedInstance()));
        }
        return m;
    }

    private static Map<String, Object> trigger(Trigger t) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (t.type() != null) {
            m.put("Type", t.type().name());
        }
        putList(m, "Events", t.events());
        putIfPresent(m, "Expression", t.expression());
        putList(m, "Branches", t.branches());
        putList(m, "FilesChanged", t.filesChanged());
        return m;
    }

    private static Map<String, Object> environment(Environment e) {
        if (e == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        putIfPresent(m, "Name", e.name());
        if (!e.connections().isEmpty()) {
            List<Object> connections = new ArrayList<>();
            for (Connection c : e.connections()) {
                Map<String, Object> cm = new LinkedHashMap<>();
                putIfPresent(cm, "Name", c.name());
                putIfPresent(cm, "Role", c.role());
                connections.add(cm);
            }
            m.put("Connections", connections);
        }
        return m;
    }

    private static Map<String, Object> inputs(Inputs in) {
        Map<String, Object> m = new LinkedHashMap<>();
        putList(m, "Sources", in.sources());
        putList(m, "Artifacts", in.artifacts());
        if (!in.variables().isEmpty()) {
            List<Object> vars = new ArrayList<>();
            for (Variable v : in.variables()) {
                Map<String, Object> vm = new LinkedHashMap<>();
                putIfPresent(vm, "Name", v.name());
                putIfPresent(vm, "Value", v.value());
                vars.add(vm);
            }
            m.put("Variables", vars);
        }
        return m;
    }

    private static Map<String, Object> outputs(Outputs out) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!out.artifacts().isEmpty()) {
            List<Object> artifacts = new ArrayList<>();
            for (OutputArtifact a : out.artifacts()) {
                Map<String, Object> am = new LinkedHashMap<>();
                putIfPresent(am, "Name", a.name());
                putList(am, "Files", a.files());
                artifacts.add(am);
            }
            m.put("Artifacts", artifacts);
        }
        putList(m, "Variables", out.variables());
        AutoDiscoverReports auto = out.autoDiscover();
        if (auto != null) {
            Map<String, Object> am = new LinkedHashMap<>();
            am.put("Enabled", auto.enabled());
            putIfPresent(am, "ReportNamePrefix", auto.reportNamePrefix());
            putList(am, "IncludePaths", auto.includePaths());
            putList(am, "ExcludePaths", auto.excludePaths());
            putIfPresent(am, "SuccessCriteria", successCriteria(auto.successCriteria()));
            m.put("AutoDiscoverReports", am);
        }
        if (!out.reports().isEmpty()) {
            Map<String, Object> reports = new LinkedHashMap<>();
            for (Report r : out.reports().values()) {
                Map<String, Object> rm = new LinkedHashMap<>();
                putIfPresent(rm, "Format", r.format());
                putList(rm, "IncludePaths", r.includePaths());
                putList(rm, "ExcludePaths", r.excludePaths());
                putIfPresent(rm, "SuccessCriteria", successCriteria(r.successCriteria()));
                reports.put(r.name(), rm);
            }
            m.put("Reports", reports);
        }
        return m;
    }

    private static Map<String, Object> successCriteria(SuccessCriteria s) {
        if (s == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        putIfPresent(m, "PassRate", percent(s.passRate()));
        putIfPresent(m, "LineCoverage", percent(s.lineCoverage()));
        putIfPresent(m, "BranchCoverage", percent(s.branchCoverage()));
        putIfPresent(m, "Vulnerabilities", threshold(s.vulnerabilities()));
        for (Map.Entry<String, Threshold> e : s.staticAnalysis().entrySet()) {
            m.put(e.getKey(), threshold(e.getValue()));
        }
        return m;
    }

    /** {@code 90.0} is written {@code 90}; fractions stay decimals. */
    private static Number percent(Double d) {
        if (d == null) {
            return null;
        }
        if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
            return d.longValue();
        }
        return d;
    }

    private static Map<String, Object> threshold(Threshold t) {
        if (t == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        putIfPresent(m, "Severity", t.severity());
        putIfPresent(m, "Number", t.number());
        return m;
    }

    private static Map<String, Object> configuration(Configuration c) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (c.container() != null) {
            Map<String, Object> cm = new LinkedHashMap<>();
            putIfPresent(cm, "Registry", c.container().registry());
            putIfPresent(cm, "Image", c.container().image());
            m.put("Container", cm);
        }
        if (!c.steps().isEmpty()) {
            List<Object> steps = new ArrayList<>();
            for (Step s : c.steps()) {
                Map<String, Object> sm = new LinkedHashMap<>();
                sm.put("Run", s.run());
                steps.add(sm);
            }
            m.put("Steps", steps);
        }
        for (Map.Entry<String, Object> e : c.properties().entrySet()) {
            m.put(e.getKey(), freshCopy(e.getValue()));
        }
        return m;
    }

    /** Copies free-form values into new containers so that a value shared by two actions is not written as an alias. */
    private static Object freshCopy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, freshCopy(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(freshCopy(v)));
            return copy;
        }
        if (value instanceof CharSequence cs && !(value instanceof String)) {
            return cs.toString();
        }
        return value;
    }

    private static void putIfPresent(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    private static void putIfNotEmpty(Map<String, Object> m, String key, Map<String, Object> value) {
        if (!value.isEmpty()) {
            m.put(key, value);
        }
    }

    private static void putList(Map<String, Object> m, String key, List<String> values) {
        if (values != null && !values.isEmpty()) {
            m.put(key, new ArrayList<Object>(values));
        }
    }

    /** A boolean written the documentation's way: {@code TRUE} / {@code FALSE}. */
    private record DocumentedBoolean(boolean value) {
    }

    /** Chooses the scalar style of each string; numbers and booleans as SnakeYAML writes them. */
    private static final class ScalarRepresenter extends Representer {
        private final Resolver resolver = new Resolver();

        ScalarRepresenter(DumperOptions options) {
            super(options);
            this.representers.put(String.class, new RepresentString());
            this.representers.put(DocumentedBoolean.class,
                    data -> representScalar(Tag.BOOL, ((DocumentedBoolean) data).value() ? "TRUE" : "FALSE"));
            this.representers.put(BigDecimal.class, data -> representData(((BigDecimal) data).doubleValue()));
            this.representers.put(BigInteger.class,
                    data -> representScalar(Tag.INT, data.toString(), DumperOptions.ScalarStyle.PLAIN));
        }

        private final class RepresentString implements Represent {
            @Override
            public Node representData(Object data) {
                String s = (String) data;
                return representScalar(Tag.STR, s, YamlScalars.style(s, resolver));
            }
        }
    }
}
