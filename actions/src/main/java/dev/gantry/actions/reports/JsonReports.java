package dev.gantry.actions.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.actions.reports.ReportData.Coverage;
import dev.gantry.actions.reports.ReportData.Finding;
import dev.gantry.actions.reports.ReportData.Findings;
import dev.gantry.actions.reports.ReportData.TestCase;
import dev.gantry.actions.reports.ReportData.TestStatus;
import dev.gantry.actions.reports.ReportData.Tests;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Parsers of the JSON report formats (with Jackson): Cucumber, SimpleCov, SARIF 2.1.0 (SA and SCA), ESLint and
 * Pylint.
 */
final class JsonReports {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonReports() {
    }

    static ReportData parse(ReportFormat format, Path file) throws ReportParseException, IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new ReportParseException("not valid JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new ReportParseException("empty file");
        }
        return switch (format) {
            case CUCUMBERJSON -> cucumber(root);
            case SIMPLECOV -> simplecov(root);
            case SARIFSA -> sarif(root, false);
            case SARIFSCA -> sarif(root, true);
            case ESLINTJSON -> eslint(root);
            case PYLINTJSON -> pylint(root);
            default -> throw new IllegalArgumentException(format + " is not a JSON format");
        };
    }

    static Tests cucumber(JsonNode root) throws ReportParseException {
        if (!root.isArray()) {
            throw new ReportParseException("not a CUCUMBERJSON report: expected an array of features");
        }
        List<TestCase> cases = new ArrayList<>();
        for (JsonNode feature : root) {
            String featureName = feature.path("name").asText(feature.path("uri").asText(""));
            for (JsonNode el : feature.path("elements")) {
                if ("background".equals(el.path("type").asText())) {
                    continue;
                }
                TestStatus status = TestStatus.PASSED;
                String message = "";
                List<JsonNode> results = new ArrayList<>();
                for (String part : List.of("before", "steps", "after")) {
                    el.path(part).forEach(results::add);
                }
                for (JsonNode step : results) {
                    String s = step.path("result").path("status").asText("").toLowerCase(Locale.ROOT);
                    if (s.equals("failed")) {
                        status = TestStatus.FAILED;
                        message = XmlReports.firstLines(step.path("result").path("error_message").asText(""));
                        break;
                    }
                    if (!s.equals("passed") && status == TestStatus.PASSED) {
                        status = TestStatus.SKIPPED; // skipped, pending, undefined
                    }
                }
                Double secs = null;
                cases.add(new TestCase(featureName, el.path("name").asText(""), status, message, secs));
            }
        }
        return new Tests(cases);
    }

    static Coverage simplecov(JsonNode root) throws ReportParseException {
        List<JsonNode> files = new ArrayList<>();
        if (root.has("coverage") && root.path("coverage").isObject()) {
            // simplecov's JSON formatter: {"meta": ..., "coverage": {"file": {"lines": [...], "branches": [...]}}}
            root.path("coverage").forEach(files::add);
        } else if (root.isObject() && root.size() > 0) {
            // .resultset.json: {"RSpec": {"coverage": {"file": {"lines": [...]}}, "timestamp": ...}, ...}
            for (JsonNode command : root) {
                if (!command.path("coverage").isObject()) {
                    throw new ReportParseException("not a SIMPLECOV report: expected \"coverage\" (JSON formatter)"
                            + " or a result set");
                }
                command.path("coverage").forEach(files::add);
            }
        } else {
            throw new ReportParseException("not a SIMPLECOV report: expected an object with \"coverage\"");
        }
        long lines = 0;
        long covered = 0;
        long branches = 0;
        long branchesCovered = 0;
        for (JsonNode f : files) {
            JsonNode lineArray = f.isArray() ? f : f.path("lines");
            for (JsonNode l : lineArray) {
                if (l.isNumber()) {
                    lines++;
                    if (l.asLong() > 0) {
                        covered++;
                    }
                }
            }
            JsonNode br = f.path("branches");
            if (br.isArray()) { // JSON formatter: [{"type": "then", "coverage": 1, ...}]
                for (JsonNode b : br) {
                    if (b.path("coverage").isNumber()) {
                        branches++;
                        if (b.path("coverage").asLong() > 0) {
                            branchesCovered++;
                        }
                    }
                }
            } else if (br.isObject()) { // result set: {"[:if, ...]": {"[:then, ...]": 1, "[:else, ...]": 0}}
                for (JsonNode condition : br) {
                    for (JsonNode hits : condition) {
                        if (hits.isNumber()) {
                            branches++;
                            if (hits.asLong() > 0) {
                                branchesCovered++;
                            }
                        }
                    }
                }
            }
        }
        return new Coverage(covered, lines, branchesCovered, branches);
    }

    static Findings sarif(JsonNode root, boolean sca) throws ReportParseException {
        if (!root.isObject() || !root.path("runs").isArray()) {
            throw new ReportParseException("not a SARIF log: expected an object with \"runs\"");
        }
        String version = root.path("version").asText("");
        if (!version.equals("2.1.0")) {
            throw new ReportParseException("SARIF version '" + version + "' is not supported: the service reads"
                    + " SARIF 2.1.0 only");
        }
        List<Finding> findings = new ArrayList<>();
        for (JsonNode run : root.path("runs")) {
            Map<String, JsonNode> rules = new HashMap<>();
            List<JsonNode> ruleList = new ArrayList<>();
            run.path("tool").path("driver").path("rules").forEach(ruleList::add);
            run.path("tool").path("extensions").forEach(ext -> ext.path("rules").forEach(ruleList::add));
            for (JsonNode r : ruleList) {
                rules.putIfAbsent(r.path("id").asText(""), r);
            }
            for (JsonNode res : run.path("results")) {
                String kind = res.path("kind").asText("fail");
                if (!kind.equals("fail") || (res.path("suppressions").isArray()
                        && res.path("suppressions").size() > 0)) {
                    continue; // pass, notApplicable, informational, review, open; or suppressed
                }
                String ruleId = res.path("ruleId").asText(res.path("rule").path("id").asText(""));
                JsonNode rule = rules.get(ruleId);
                if (rule == null && res.path("ruleIndex").isInt() && res.path("ruleIndex").asInt() < ruleList.size()) {
                    rule = ruleList.get(res.path("ruleIndex").asInt());
                }
                Severity severity = sarifSeverity(res, rule);
                FindingCategory category = sca ? FindingCategory.SECURITY : sarifCategory(res, rule);
                String message = res.path("message").path("text").asText(
                        rule == null ? "" : rule.path("shortDescription").path("text").asText(""));
                findings.add(new Finding(severity, category, ruleId, XmlReports.firstLines(message), location(res)));
            }
        }
        return new Findings(findings);
    }

    private static Severity sarifSeverity(JsonNode res, JsonNode rule) {
        for (JsonNode props : new JsonNode[] {res.path("properties"), rule == null ? null : rule.path("properties")}) {
            if (props == null) {
                continue;
            }
            JsonNode score = props.path("security-severity");
            if (!score.isMissingNode()) {
                try {
                    return Severity.ofScore(Double.parseDouble(score.asText()));
                } catch (NumberFormatException ignored) {
                    // fall through to the other hints
                }
            }
            Optional<Severity> named = Severity.parse(props.path("severity").asText(null));
            if (named.isPresent()) {
                return named.get();
            }
        }
        String level = res.path("level").asText("");
        if (level.isEmpty() && rule != null) {
            level = rule.path("defaultConfiguration").path("level").asText("");
        }
        return switch (level) {
            case "error" -> Severity.HIGH;
            case "note" -> Severity.LOW;
            case "none" -> Severity.INFORMATIONAL;
            default -> Severity.MEDIUM; // "warning", SARIF's default level
        };
    }

    private static FindingCategory sarifCategory(JsonNode res, JsonNode rule) {
        List<String> tags = new ArrayList<>();
        res.path("properties").path("tags").forEach(t -> tags.add(t.asText().toLowerCase(Locale.ROOT)));
        if (rule != null) {
            rule.path("properties").path("tags").forEach(t -> tags.add(t.asText().toLowerCase(Locale.ROOT)));
            String cat = rule.path("properties").path("category").asText("").toLowerCase(Locale.ROOT);
            if (!cat.isEmpty()) {
                tags.add(cat);
            }
        }
        for (String t : tags) {
            if (t.contains("security") || t.startsWith("cwe") || t.contains("vulnerab")) {
                return FindingCategory.SECURITY;
            }
        }
        for (String t : tags) {
            if (t.contains("bug") || t.contains("correctness") || t.contains("reliability")) {
                return FindingCategory.BUG;
            }
            if (t.contains("smell") || t.contains("maintainab")) {
                return FindingCategory.CODE_SMELL;
            }
            if (t.contains("quality") || t.contains("style") || t.contains("convention")) {
                return FindingCategory.QUALITY;
            }
        }
        return FindingCategory.OTHER;
    }

    private static String location(JsonNode res) {
        JsonNode loc = res.path("locations").path(0).path("physicalLocation");
        String uri = loc.path("artifactLocation").path("uri").asText("");
        int line = loc.path("region").path("startLine").asInt(0);
        return uri.isEmpty() ? "" : line > 0 ? uri + ":" + line : uri;
    }

    static Findings eslint(JsonNode root) throws ReportParseException {
        if (!root.isArray()) {
            throw new ReportParseException("not an ESLINTJSON report: expected an array of file results");
        }
        List<Finding> findings = new ArrayList<>();
        for (JsonNode file : root) {
            if (!file.has("filePath") || !file.path("messages").isArray()) {
                throw new ReportParseException("not an ESLINTJSON report: entries need \"filePath\" and"
                        + " \"messages\"");
            }
            for (JsonNode m : file.path("messages")) {
                String rule = m.path("ruleId").isNull() ? "" : m.path("ruleId").asText("");
                boolean fatal = m.path("fatal").asBoolean(false);
                Severity severity = fatal ? Severity.CRITICAL : m.path("severity").asInt(1) >= 2 ? Severity.HIGH
                        : Severity.MEDIUM;
                FindingCategory category = fatal ? FindingCategory.BUG : eslintCategory(rule);
                int line = m.path("line").asInt(0);
                findings.add(new Finding(severity, category, rule, m.path("message").asText(""),
                        file.path("filePath").asText("") + (line > 0 ? ":" + line : "")));
            }
        }
        return new Findings(findings);
    }

    private static FindingCategory eslintCategory(String rule) {
        String r = rule.toLowerCase(Locale.ROOT);
        if (r.startsWith("security") || r.contains("/security") || r.equals("no-eval") || r.equals("no-implied-eval")
                || r.equals("no-new-func") || r.equals("no-script-url")) {
            return FindingCategory.SECURITY;
        }
        return FindingCategory.QUALITY;
    }

    static Findings pylint(JsonNode root) throws ReportParseException {
        JsonNode messages = root.isObject() && root.path("messages").isArray() ? root.path("messages") : root;
        if (!messages.isArray()) {
            throw new ReportParseException("not a PYLINTJSON report: expected an array of messages (pylint"
                    + " --output-format=json)");
        }
        List<Finding> findings = new ArrayList<>();
        for (Iterator<JsonNode> it = messages.elements(); it.hasNext(); ) {
            JsonNode m = it.next();
            if (!m.has("type") || !m.has("message")) {
                throw new ReportParseException("not a PYLINTJSON report: messages need \"type\" and \"message\"");
            }
            String type = m.path("type").asText("").toLowerCase(Locale.ROOT);
            String symbol = m.path("symbol").asText("");
            Severity severity = switch (type) {
                case "fatal" -> Severity.CRITICAL;
                case "error" -> Severity.HIGH;
                case "warning" -> Severity.MEDIUM;
                case "refactor", "convention" -> Severity.LOW;
                default -> Severity.INFORMATIONAL;
            };
            FindingCategory category = switch (type) {
                case "fatal", "error" -> FindingCategory.BUG;
                case "warning" -> symbol.equals("eval-used") || symbol.equals("exec-used")
                        ? FindingCategory.SECURITY : FindingCategory.QUALITY;
                case "refactor", "convention" -> FindingCategory.CODE_SMELL;
                default -> FindingCategory.OTHER;
            };
            String rule = m.path("message-id").asText(m.path("messageId").asText(symbol));
            int line = m.path("line").asInt(0);
            String path = m.path("path").asText(m.path("module").asText(""));
            findings.add(new Finding(severity, category, symbol.isEmpty() ? rule : rule + " " + symbol,
                    m.path("message").asText(""), path + (line > 0 ? ":" + line : "")));
        }
        return new Findings(findings);
    }
}
