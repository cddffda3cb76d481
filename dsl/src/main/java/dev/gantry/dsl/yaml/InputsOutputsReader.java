package dev.gantry.dsl.yaml;

import dev.gantry.engine.diagnostic.SourcePosition;
import dev.gantry.engine.model.AutoDiscoverReports;
import dev.gantry.engine.model.Inputs;
import dev.gantry.engine.model.OutputArtifact;
import dev.gantry.engine.model.Outputs;
import dev.gantry.engine.model.Report;
import dev.gantry.engine.model.SuccessCriteria;
import dev.gantry.engine.model.Threshold;
import dev.gantry.engine.model.Variable;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an action's {@code Inputs} and {@code Outputs} (reference §2.8, §2.11). Both documented spellings of
 * variables and artifacts are accepted and normalised, so model paths are always index-based:
 * {@code Inputs/Variables/0/Name}, {@code Outputs/Artifacts/1/Files/0}, {@code Outputs/Variables/2}.
 */
final class InputsOutputsReader {
    static final int MAX_SOURCES = 1;
    static final int MAX_ARTIFACTS = 10;
    static final int MAX_VARIABLES = 256;
    static final int MAX_FILES = 256;
    static final int MAX_REPORTS = 50;
    static final int MAX_REPORT_PATHS = 1000;
    static final String WORKFLOW_SOURCE = "WorkflowSource";

    static final Keys INPUTS_KEYS = Keys.of("Sources", "Artifacts", "Variables");
    static final Keys VARIABLE_KEYS = Keys.of("Name", "Value");
    static final Keys OUTPUTS_KEYS = Keys.of("Artifacts", "Variables", "AutoDiscoverReports", "Reports");
    static final Keys ARTIFACT_KEYS = Keys.of("Name", "Files");
    static final Keys ARTIFACT_MAP_KEYS = Keys.of("Files");
    static final Keys OUTPUT_VARIABLE_KEYS = Keys.of("Name");
    static final Keys AUTO_DISCOVER_KEYS =
            Keys.of("Enabled", "ReportNamePrefix", "IncludePaths", "ExcludePaths", "SuccessCriteria");
    static final Keys REPORT_KEYS = Keys.of("Format", "IncludePaths", "ExcludePaths", "SuccessCriteria");
    static final List<String> STATIC_ANALYSIS = List.of("StaticAnalysisBug", "StaticAnalysisSecurity",
            "StaticAnalysisQuality", "StaticAnalysisCodeSmell", "StaticAnalysisOther", "StaticAnalysisFinding");
    static final Keys SUCCESS_CRITERIA_KEYS = successCriteriaKeys();
    static final Keys THRESHOLD_KEYS = Keys.of("Severity", "Number");
    static final List<String> SEVERITIES = List.of("CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL");
    static final List<String> FORMATS = List.of("CUCUMBERJSON", "JUNITXML", "NUNITXML", "NUNIT3XML", "TESTNGXML",
            "VISUALSTUDIOTRX", "CLOVERXML", "COBERTURAXML", "JACOCOXML", "SIMPLECOV", "LCOV", "SARIFSCA",
            "ESLINTJSON", "PYLINTJSON", "SARIFSA");

    private final NodeReader r;

    InputsOutputsReader(NodeReader reader) {
        this.r = reader;
    }

    private static Keys successCriteriaKeys() {
        List<String> keys = new ArrayList<>(List.of("PassRate", "LineCoverage", "BranchCoverage", "Vulnerabilities"));
        keys.addAll(STATIC_ANALYSIS);
        return new Keys(keys, Map.of());
    }

    // ---- Inputs ----------------------------------------------------------------------------------------------

    Inputs inputs(Field f, String what) {
        Map<String, Field> in = r.fields(f, "Inputs of " + what, INPUTS_KEYS);
        if (in == null) {
            return Inputs.NONE;
        }
        Field sf = in.get("Sources");
        List<String> sources = new ArrayList<>();
        List<Field> sourceItems = r.items(sf, "Sources");
        if (sf != null) {
            r.limit(sf.keyPosition(), sourceItems.size(), MAX_SOURCES, "Sources (only WorkflowSource exists)");
        }
        for (Field item : sourceItems) {
            String source = r.oneOf(item, "a source", List.of(WORKFLOW_SOURCE), false);
            if (source != null) {
                r.placeAt(item, sf.path(), sources.size());
                sources.add(source);
            }
        }
        List<String> artifacts = artifactNames(in.get("Artifacts"), "input artifacts of one action");
        List<Variable> variables = inputVariables(in.get("Variables"));
        return new Inputs(sources, artifacts, variables);
    }

    private List<String> artifactNames(Field f, String quota) {
        List<String> names = new ArrayList<>();
        if (f == null) {
            return names;
        }
        List<Field> items = r.items(f, "Artifacts");
        r.limit(f.keyPosition(), items.size(), MAX_ARTIFACTS, quota);
        for (Field item : items) {
            String name = r.text(item, "each artifact name");
            if (name != null) {
                checkArtifactName(item.valuePosition(), name);
                r.placeAt(item, f.path(), names.size());
                names.add(name);
            }
        }
        return names;
    }

    private void checkArtifactName(SourcePosition at, String name) {
        if (r.length(at, name, 1, 100, "artifact name")) {
            r.pattern(at, name, NamePatterns.ARTIFACT, "artifact name", NamePatterns.ARTIFACT_CHARS
                    + " (no '-')");
        }
    }

    /** {@code - Name: X / Value: Y} items, or the map form {@code X: Y}. */
    private List<Variable> inputVariables(Field f) {
        List<Variable> variables = new ArrayList<>();
        if (f == null || f.isNull()) {
            return variables;
        }
        if (f.isMapping()) {
            Map<String, Field> map = r.entries(f, "Variables");
            r.limit(f.keyPosition(), map.size(), MAX_VARIABLES, "input variables in one action");
            for (Field e : map.values()) {
                String value = variableValue(e, e.name());
                checkInputVariableName(e.keyPosition(), e.name());
                String at = f.path() + "/" + variables.size();
                r.record(at, e.keyPosition(), e.keyPosition());
                r.record(at + "/Name", e.keyPosition(), e.keyPosition());
                r.recordTree(e, at + "/Value");
                variables.add(new Variable(e.name(), value == null ? "" : value));
            }
            return variables;
        }
        List<Field> items = r.items(f, "Variables");
        r.limit(f.keyPosition(), items.size(), MAX_VARIABLES, "input variables in one action");
        for (Field item : items) {
            Map<String, Field> v = r.fields(item, "an input variable", VARIABLE_KEYS);
            if (v == null) {
                continue;
            }
            String name = r.requiredText(v, "Name", item, "an input variable");
            if (name == null) {
                continue;
            }
            checkInputVariableName(v.get("Name").valuePosition(), name);
            // No Value is accepted: launch blueprints write "- Name: LAUNCH_OPTIONS_x" and fill it in later.
            Field valueField = v.get("Value");
            String value = valueField == null ? "" : variableValue(valueField, name);
            r.placeAt(item, f.path(), variables.size());
            variables.add(new Variable(name, value == null ? "" : value));
        }
        return variables;
    }

    private String variableValue(Field f, String name) {
        String value = r.text(f, "the Value of input variable '" + name + "'");
        if (value != null && value.codePointCount(0, value.length()) > 1000) {
            r.length(f.valuePosition(), value, 0, 1000, "the Value of input variable '" + name + "'");
        }
        return value;
    }

    private void checkInputVariableName(SourcePosition at, String name) {
        if (r.length(at, name, 1, 60, "input variable name")) {
            r.pattern(at, name, NamePatterns.NAME, "input variable name", NamePatterns.NAME_CHARS);
        }
    }

    // ---- Outputs ---------------------------------------------------------------------------------------------

    Outputs outputs(Field f, String what) {
        Map<String, Field> out = r.fields(f, "Outputs of " + what, OUTPUTS_KEYS);
        if (out == null) {
            return Outputs.NONE;
        }
        List<OutputArtifact> artifacts = outputArtifacts(out.get("Artifacts"));
        List<String> variables = outputVariables(out.get("Variables"));
        AutoDiscoverReports auto = out.containsKey("AutoDiscoverReports")
                ? autoDiscover(out.get("AutoDiscoverReports")) : null;
        Map<String, Report> reports = reports(out.get("Reports"));
        return new Outputs(artifacts, variables, auto, reports);
    }

    /** {@code - Name: X / Files: [...]} items, or the map form {@code X: {Files: [...]}}. */
    private List<OutputArtifact> outputArtifacts(Field f) {
        List<OutputArtifact> artifacts = new ArrayList<>();
        if (f == null || f.isNull()) {
            return artifacts;
        }
        if (f.isMapping()) {
            Map<String, Field> map = r.entries(f, "Artifacts");
            r.limit(f.keyPosition(), map.size(), MAX_ARTIFACTS, "output artifacts in one action");
            for (Field e : map.values()) {
                checkArtifactName(e.keyPosition(), e.name());
                String what = "output artifact '" + e.name() + "'";
                Map<String, Field> a = r.fields(e, what, ARTIFACT_MAP_KEYS);
                if (a == null) {
                    continue;
                }
                String at = f.path() + "/" + artifacts.size();
                r.record(at, e.keyPosition(), e.valuePosition());
                r.record(at + "/Name", e.keyPosition(), e.keyPosition());
                Field files = a.get("Files");
                if (files != null) {
                    r.recordTree(files, at + "/Files");
                }
                artifacts.add(new OutputArtifact(e.name(), files(a, e, what)));
            }
            return artifacts;
        }
        List<Field> items = r.items(f, "Artifacts");
        r.limit(f.keyPosition(), items.size(), MAX_ARTIFACTS, "output artifacts in one action");
        for (Field item : items) {
            Map<String, Field> a = r.fields(item, "an output artifact", ARTIFACT_KEYS);
            if (a == null) {
                continue;
            }
            String name = r.requiredText(a, "Name", item, "an output artifact");
            if (name == null) {
                continue;
            }
            checkArtifactName(a.get("Name").valuePosition(), name);
            List<String> files = files(a, item, "output artifact '" + name + "'");
            r.placeAt(item, f.path(), artifacts.size());
            artifacts.add(new OutputArtifact(name, files));
        }
        return artifacts;
    }

    private List<String> files(Map<String, Field> a, Field owner, String what) {
        if (!r.require(a, "Files", owner, what)) {
            return List.of();
        }
        Field f = a.get("Files");
        List<String> files = pathList(f, "Files", MAX_FILES);
        if (files.isEmpty() && f.isSequence()) {
            r.error(f.valuePosition(), "required", "Files of " + what + " needs at least one path or pattern");
        }
        return files;
    }

    /** A list of paths or globs, each 1-1000 characters, at most {@code max}. */
    private List<String> pathList(Field f, String what, int max) {
        List<String> values = new ArrayList<>();
        if (f == null) {
            return values;
        }
        List<Field> items = r.items(f, what);
        r.limit(f.keyPosition(), items.size(), max, what + " entries");
        for (Field item : items) {
            String v = r.text(item, "each item of " + what);
            if (v == null) {
                continue;
            }
            r.length(item.valuePosition(), v, 1, 1000, "a path in " + what);
            r.placeAt(item, f.path(), values.size());
            values.add(v);
        }
        return values;
    }

    /** Plain names, or {@code - Name: X} objects (one docs page shows that form). */
    private List<String> outputVariables(Field f) {
        List<String> names = new ArrayList<>();
        if (f == null) {
            return names;
        }
        List<Field> items = r.items(f, "Variables");
        r.limit(f.keyPosition(), items.size(), MAX_VARIABLES, "output variables in one action");
        for (Field item : items) {
            Field nameField = item;
            if (item.isMapping()) {
                Map<String, Field> v = r.fields(item, "an output variable", OUTPUT_VARIABLE_KEYS);
                if (!r.require(v, "Name", item, "an output variable")) {
                    continue;
                }
                nameField = v.get("Name");
            }
            String name = r.text(nameField, "an output variable name");
            if (name == null) {
                continue;
            }
            if (r.length(nameField.valuePosition(), name, 1, 255, "output variable name")) {
                r.pattern(nameField.valuePosition(), name, NamePatterns.OUTPUT_VARIABLE, "output variable name",
                        NamePatterns.OUTPUT_VARIABLE_CHARS);
            }
            String at = f.path() + "/" + names.size();
            if (nameField != item) {
                r.record(at, item.valuePosition(), nameField.valuePosition());
            }
            r.placeAt(item, f.path(), names.size());
            names.add(name);
        }
        return names;
    }

    private AutoDiscoverReports autoDiscover(Field f) {
        Map<String, Field> a = r.fields(f, "AutoDiscoverReports", AUTO_DISCOVER_KEYS);
        if (a == null) {
            return null;
        }
        Boolean enabled = r.bool(a.get("Enabled"), "Enabled");
        boolean on = enabled == null || enabled;
        String prefix = r.text(a.get("ReportNamePrefix"), "ReportNamePrefix");
        if (on && prefix == null) {
            r.error(f.keyPosition(), "required", "AutoDiscoverReports needs ReportNamePrefix when it is enabled"
                    + (enabled == null ? " (Enabled defaults to true)" : ""));
        }
        List<String> include = pathList(a.get("IncludePaths"), "IncludePaths", MAX_REPORT_PATHS);
        List<String> exclude = pathList(a.get("ExcludePaths"), "ExcludePaths", MAX_REPORT_PATHS);
        SuccessCriteria criteria = successCriteria(a.get("SuccessCriteria"));
        return new AutoDiscoverReports(on, prefix, include, exclude, criteria);
    }

    private Map<String, Report> reports(Field f) {
        Map<String, Report> reports = new LinkedHashMap<>();
        Map<String, Field> entries = r.entries(f, "Reports");
        if (entries == null) {
            return reports;
        }
        if (f != null) {
            r.limit(f.keyPosition(), entries.size(), MAX_REPORTS, "reports in one action");
        }
        for (Field e : entries.values()) {
            String name = e.name();
            if (r.length(e.keyPosition(), name, 0, 255, "report name")) {
                r.pattern(e.keyPosition(), name, NamePatterns.REPORT, "report name", NamePatterns.NAME_CHARS);
            }
            String what = "report '" + name + "'";
            if (e.isNull()) {
                r.error(e.keyPosition(), "required", what + " needs Format and IncludePaths");
                continue;
            }
            Map<String, Field> rep = r.fields(e, what, REPORT_KEYS);
            if (rep == null) {
                continue;
            }
            String format = null;
            if (r.require(rep, "Format", e, what)) {
                format = r.oneOf(rep.get("Format"), "report Format", FORMATS, true);
            }
            List<String> include = List.of();
            if (r.require(rep, "IncludePaths", e, what)) {
                include = pathList(rep.get("IncludePaths"), "IncludePaths", MAX_REPORT_PATHS);
            }
            List<String> exclude = pathList(rep.get("ExcludePaths"), "ExcludePaths", MAX_REPORT_PATHS);
            reports.put(name, new Report(name, format, include, exclude, successCriteria(rep.get("SuccessCriteria"))));
        }
        return reports;
    }

    private SuccessCriteria successCriteria(Field f) {
        if (f == null || f.isNull()) {
            return null;
        }
        Map<String, Field> c = r.fields(f, "SuccessCriteria", SUCCESS_CRITERIA_KEYS);
        if (c == null) {
            return null;
        }
        Map<String, Threshold> staticAnalysis = new LinkedHashMap<>();
        for (String key : STATIC_ANALYSIS) {
            Threshold t = threshold(c.get(key), key);
            if (t != null) {
                staticAnalysis.put(key, t);
            }
        }
        return new SuccessCriteria(percent(c.get("PassRate"), "PassRate"),
                percent(c.get("LineCoverage"), "LineCoverage"), percent(c.get("BranchCoverage"), "BranchCoverage"),
                threshold(c.get("Vulnerabilities"), "Vulnerabilities"), staticAnalysis);
    }

    private Double percent(Field f, String what) {
        Double v = r.number(f, what);
        if (v != null && (v < 0 || v > 100)) {
            r.error(f.valuePosition(), "range", what + " is a percentage from 0 to 100, not " + textOf(f));
        }
        return v;
    }

    private Threshold threshold(Field f, String what) {
        if (f == null || f.isNull()) {
            return null;
        }
        Map<String, Field> t = r.fields(f, what, THRESHOLD_KEYS);
        if (t == null) {
            return null;
        }
        String severity = null;
        if (r.require(t, "Severity", f, what)) {
            severity = r.oneOf(t.get("Severity"), "Severity", SEVERITIES, false);
        }
        Integer number = null;
        if (r.require(t, "Number", f, what)) {
            number = r.integer(t.get("Number"), "Number");
            if (number != null && number < 0) {
                r.error(t.get("Number").valuePosition(), "range", "Number is a count of findings, 0 or more, not "
                        + number);
            }
        }
        return new Threshold(severity, number);
    }

    private static String textOf(Field f) {
        return f.value() instanceof ScalarNode s ? s.getValue() : f.describe();
    }
}
