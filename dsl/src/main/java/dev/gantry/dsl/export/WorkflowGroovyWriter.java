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

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a {@link Workflow} as a Gantry Groovy DSL file (a migration path from YAML): one builder call per YAML
 * key, in the YAML's order, strings in single quotes so that {@code $} stays the shell's. Loading the result with the
 * Groovy loader gives a model equal to the one written.
 */
public final class WorkflowGroovyWriter {
    private static final String INDENT = "    ";
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> KEYWORDS = Set.of("as", "assert", "break", "case", "catch", "class", "const",
            "continue", "def", "default", "do", "else", "enum", "extends", "false", "finally", "for", "goto", "if",
            "implements", "import", "in", "instanceof", "interface", "new", "null", "package", "return", "super",
            "switch", "this", "throw", "throws", "trait", "true", "try", "var", "while", "yield", "record",
            "sealed", "permits", "non");

    /** The DSL text; {@code header} lines (may be empty) become {@code //} comments at the top. */
    public String write(Workflow w, List<String> header) {
        StringBuilder out = new StringBuilder();
        for (String h : header) {
            out.append("// ").append(h).append('\n');
        }
        if (!header.isEmpty()) {
            out.append('\n');
        }
        out.append("workflow(").append(literal(w.name())).append(") {\n");
        Lines body = new Lines(1);
        if (w.schemaVersion() != null && !"1.0".equals(w.schemaVersion())) {
            body.add("schemaVersion " + literal(w.schemaVersion()));
        }
        if (w.runMode() != null) {
            body.add("runMode " + literal(w.runMode().name()));
        }
        if (w.compute() != null) {
            body.add(("compute " + compute(w.compute())).replace("compute ([:])", "compute([:])"));
        }
        for (Trigger t : w.triggers()) {
            body.add("trigger " + trigger(t));
        }
        for (WorkflowNode node : w.nodes()) {
            body.blank();
            if (node instanceof ActionGroup g) {
                group(g, body);
            } else {
                action((Action) node, body);
            }
        }
        out.append(body.text()).append("}\n");
        return out.toString();
    }

    private static String compute(Compute c) {
        List<String> args = new ArrayList<>();
        if (c.type() != null) {
            args.add("type: " + literal(c.type() == ComputeType.LAMBDA ? "Lambda" : "EC2"));
        }
        if (c.fleet() != null) {
            args.add("fleet: " + literal(c.fleet()));
        }
        if (c.sharedInstance() != null) {
            args.add("sharedInstance: " + c.sharedInstance());
        }
        return args.isEmpty() ? "([:])" : String.join(", ", args);
    }

    private static String trigger(Trigger t) {
        List<String> args = new ArrayList<>();
        String call = switch (t.type()) {
            case PUSH -> "push";
            case PULLREQUEST -> "pullRequest";
            case SCHEDULE -> "schedule";
            case MANUAL -> "manual";
        };
        if (!t.events().isEmpty()) {
            args.add("events: " + list(t.events()));
        }
        if (t.expression() != null) {
            args.add("expression: " + literal(t.expression()));
        }
        if (!t.branches().isEmpty()) {
            args.add("branches: " + list(t.branches()));
        }
        if (!t.filesChanged().isEmpty()) {
            args.add("filesChanged: " + list(t.filesChanged()));
        }
        if (args.isEmpty()) {
            return call + "()";
        }
        return call + "(" + String.join(", ", args) + ")";
    }

    private static void group(ActionGroup g, Lines out) {
        out.add("group(" + literal(g.name()) + ") {");
        out.in();
        if (!g.dependsOn().isEmpty()) {
            out.add("dependsOn " + args(g.dependsOn()));
        }
        boolean first = g.dependsOn().isEmpty();
        for (Action a : g.actions()) {
            if (!first) {
                out.blank();
            }
            first = false;
            action(a, out);
        }
        out.out();
        out.add("}");
    }

    private static void action(Action a, Lines out) {
        out.add("action(" + literal(a.name()) + ") {");
        out.in();
        if (a.identifier() != null) {
            out.add("identifier " + literal(a.identifier()));
        }
        if (!a.dependsOn().isEmpty()) {
            out.add("dependsOn " + args(a.dependsOn()));
        }
        if (a.compute() != null) {
            out.add(("compute " + compute(a.compute())).replace("compute ([:])", "compute([:])"));
        }
        if (a.timeoutMinutes() != null) {
            out.add("timeout " + a.timeoutMinutes());
        }
        environment(a.environment(), out);
        if (!a.caches().isEmpty()) {
            out.add("caching {");
            out.in();
            for (FileCache c : a.caches().values()) {
                List<String> args = new ArrayList<>();
                if (c.path() != null) {
                    args.add("path: " + literal(c.path()));
                }
                if (!c.restoreKeys().isEmpty()) {
                    args.add("restoreKeys: " + list(c.restoreKeys()));
                }
                out.add(args.isEmpty() ? "fileCache([:], " + literal(c.name()) + ")"
                        : "fileCache " + literal(c.name()) + ", " + String.join(", ", args));
            }
            out.out();
            out.add("}");
        }
        inputs(a.inputs(), out);
        outputs(a.outputs(), out);
        configuration(a.configuration(), out);
        out.out();
        out.add("}");
    }

    private static void environment(Environment e, Lines out) {
        if (e == null) {
            return;
        }
        if (e.connections().isEmpty()) {
            out.add("environment " + literal(e.name()));
            return;
        }
        out.add("environment(" + literal(e.name()) + ") {");
        out.in();
        for (Connection c : e.connections()) {
            out.add("connection name: " + literal(c.name()) + ", role: " + literal(c.role()));
        }
        out.out();
        out.add("}");
    }

    private static void inputs(Inputs in, Lines out) {
        if (in.sources().isEmpty() && in.artifacts().isEmpty() && in.variables().isEmpty()) {
            return;
        }
        out.add("inputs {");
        out.in();
        if (!in.sources().isEmpty()) {
            out.add("sources " + args(in.sources()));
        }
        if (!in.artifacts().isEmpty()) {
            out.add("artifacts " + args(in.artifacts()));
        }
        for (Variable v : in.variables()) {
            out.add("variable " + literal(v.name()) + ", " + literal(v.value()));
        }
        out.out();
        out.add("}");
    }

    private static void outputs(Outputs o, Lines out) {
        if (o.artifacts().isEmpty() && o.variables().isEmpty() && o.autoDiscover() == null && o.reports().isEmpty()) {
            return;
        }
        out.add("outputs {");
        out.in();
        for (OutputArtifact a : o.artifacts()) {
            out.add("artifact " + literal(a.name()) + ", files: " + list(a.files()));
        }
        if (!o.variables().isEmpty()) {
            out.add("variables " + args(o.variables()));
        }
        AutoDiscoverReports auto = o.autoDiscover();
        if (auto != null) {
            List<String> named = new ArrayList<>();
            if (!auto.enabled()) {
                named.add("enabled: false");
            }
            if (auto.reportNamePrefix() != null) {
                named.add("reportNamePrefix: " + literal(auto.reportNamePrefix()));
            }
            if (!auto.includePaths().isEmpty()) {
                named.add("includePaths: " + list(auto.includePaths()));
            }
            if (!auto.excludePaths().isEmpty()) {
                named.add("excludePaths: " + list(auto.excludePaths()));
            }
            withCriteria("autoDiscoverReports(" + (named.isEmpty() ? "[:]" : String.join(", ", named)) + ")",
                    auto.successCriteria(), out);
        }
        for (Report r : o.reports().values()) {
            List<String> named = new ArrayList<>();
            named.add(literal(r.name()));
            if (r.format() != null) {
                named.add("format: " + literal(r.format()));
            }
            if (!r.includePaths().isEmpty()) {
                named.add("includePaths: " + list(r.includePaths()));
            }
            if (!r.excludePaths().isEmpty()) {
                named.add("excludePaths: " + list(r.excludePaths()));
            }
            withCriteria("report(" + (named.size() == 1 ? "[:], " + named.get(0) : String.join(", ", named)) + ")",
                    r.successCriteria(), out);
        }
        out.out();
        out.add("}");
    }

    private static void withCriteria(String call, SuccessCriteria s, Lines out) {
        if (s == null) {
            out.add(call);
            return;
        }
        List<String> args = new ArrayList<>();
        addNumber(args, "passRate", s.passRate());
        addNumber(args, "lineCoverage", s.lineCoverage());
        addNumber(args, "branchCoverage", s.branchCoverage());
        if (s.vulnerabilities() != null) {
            args.add("vulnerabilities: " + threshold(s.vulnerabilities()));
        }
        for (Map.Entry<String, Threshold> e : s.staticAnalysis().entrySet()) {
            String key = e.getKey().substring(0, 1).toLowerCase(Locale.ROOT) + e.getKey().substring(1);
            args.add(key + ": " + threshold(e.getValue()));
        }
        out.add(call + " {");
        out.in();
        out.add(args.isEmpty() ? "successCriteria([:])" : "successCriteria " + String.join(", ", args));
        out.out();
        out.add("}");
    }

    private static void addNumber(List<String> args, String key, Double value) {
        if (value != null) {
            args.add(key + ": " + number(value));
        }
    }

    private static String threshold(Threshold t) {
        return "[severity: " + literal(t.severity()) + ", number: " + (t.number() == null ? "null" : t.number()) + "]";
    }

    private static void configuration(Configuration c, Lines out) {
        if (c.steps().isEmpty() && c.container() == null && c.properties().isEmpty()) {
            return;
        }
        out.add("configuration {");
        out.in();
        if (c.container() != null) {
            out.add("container registry: " + literal(c.container().registry()) + ", image: "
                    + literal(c.container().image()));
        }
        if (!c.steps().isEmpty()) {
            out.add("steps {");
            out.in();
            for (Step s : c.steps()) {
                out.add("sh " + literal(s.run()));
            }
            out.out();
            out.add("}");
        }
        for (Map.Entry<String, Object> e : c.properties().entrySet()) {
            out.add("property " + literal(e.getKey()) + ", " + value(e.getValue(), out.depth()));
        }
        out.out();
        out.add("}");
    }

    // ---- literals ----------------------------------------------------------------------------------------------

    private static String args(List<String> values) {
        List<String> parts = new ArrayList<>();
        for (String v : values) {
            parts.add(literal(v));
        }
        return String.join(", ", parts);
    }

    private static String list(List<String> values) {
        return "[" + args(values) + "]";
    }

    /** A free-form value as a Groovy literal; nested lists and maps of more than a few items span lines. */
    static String value(Object v, int depth) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return literal(s);
        }
        if (v instanceof Boolean || v instanceof Integer) {
            return v.toString();
        }
        if (v instanceof Long l) {
            return l + "L";
        }
        if (v instanceof BigInteger b) {
            return b + "G";
        }
        if (v instanceof Double d) {
            return number(d);
        }
        if (v instanceof Number n) {
            return number(n.doubleValue());
        }
        if (v instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            for (Object o : list) {
                items.add(value(o, depth + 1));
            }
            return container("[", items, "]", "[]", depth);
        }
        if (v instanceof Map<?, ?> map) {
            List<String> items = new ArrayList<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                items.add(key(String.valueOf(e.getKey())) + ": " + value(e.getValue(), depth + 1));
            }
            return container("[", items, "]", "[:]", depth);
        }
        return literal(v.toString());
    }

    private static String container(String open, List<String> items, String close, String empty, int depth) {
        if (items.isEmpty()) {
            return empty;
        }
        String inline = open + String.join(", ", items) + close;
        if (inline.length() <= 80 && !inline.contains("\n")) {
            return inline;
        }
        String pad = INDENT.repeat(depth + 1);
        StringBuilder sb = new StringBuilder(open).append('\n');
        for (int i = 0; i < items.size(); i++) {
            sb.append(pad).append(items.get(i)).append(i + 1 < items.size() ? "," : "").append('\n');
        }
        return sb.append(INDENT.repeat(depth)).append(close).toString();
    }

    private static String key(String k) {
        return IDENTIFIER.matcher(k).matches() && !KEYWORDS.contains(k) ? k : literal(k);
    }

    private static String number(double d) {
        if (Double.isNaN(d)) {
            return "Double.NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }

    /**
     * A string as a Groovy literal without interpolation: {@code 'text'}, or {@code '''...'''} for several lines
     * (opened with a line continuation so that the text starts on the next line, verbatim).
     */
    static String literal(String s) {
        if (s == null) {
            return "null";
        }
        boolean multiLine = s.indexOf('\n') >= 0;
        StringBuilder sb = new StringBuilder(multiLine ? "'''\\\n" : "'");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                sb.append("\\\\");
            } else if (c == '\'') {
                boolean closes = multiLine
                        ? i + 1 == s.length() || s.startsWith("''", i + 1)
                        : true;
                sb.append(closes ? "\\'" : "'");
            } else if (c == '\n' && multiLine) {
                sb.append('\n');
            } else if (c == '\t' && multiLine) {
                sb.append('\t');
            } else if (c < ' ' || c == '\u007f' || c == '\u2028' || c == '\u2029') {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append(multiLine ? "'''" : "'").toString();
    }

    /** Lines at an indentation depth. */
    private static final class Lines {
        private final StringBuilder text = new StringBuilder();
        private int depth;
        private boolean pendingBlank;

        Lines(int depth) {
            this.depth = depth;
        }

        void add(String line) {
            if (pendingBlank && text.length() > 0) {
                text.append('\n');
            }
            pendingBlank = false;
            String pad = INDENT.repeat(depth);
            text.append(pad).append(line).append('\n');
        }

        void blank() {
            pendingBlank = true;
        }

        void in() {
            depth++;
        }

        void out() {
            depth--;
        }

        int depth() {
            return depth;
        }

        String text() {
            return text.toString();
        }
    }
}
