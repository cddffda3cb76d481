package dev.gantry.actions.reports;

import dev.gantry.actions.reports.ReportData.Coverage;
import dev.gantry.actions.reports.ReportData.TestCase;
import dev.gantry.actions.reports.ReportData.TestStatus;
import dev.gantry.actions.reports.ReportData.Tests;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.gantry.actions.reports.SafeXml.all;
import static dev.gantry.actions.reports.SafeXml.attr;
import static dev.gantry.actions.reports.SafeXml.child;
import static dev.gantry.actions.reports.SafeXml.children;
import static dev.gantry.actions.reports.SafeXml.name;
import static dev.gantry.actions.reports.SafeXml.number;

/** Parsers of the XML report formats: JUnit, NUnit 2 and 3, TestNG, TRX, JaCoCo, Cobertura and Clover. */
final class XmlReports {
    private XmlReports() {
    }

    static ReportData parse(ReportFormat format, Path file) throws ReportParseException, IOException {
        Element root = SafeXml.parse(file).getDocumentElement();
        return switch (format) {
            case JUNITXML -> junit(root);
            case NUNITXML -> nunit2(root);
            case NUNIT3XML -> nunit3(root);
            case TESTNGXML -> testng(root);
            case VISUALSTUDIOTRX -> trx(root);
            case JACOCOXML -> jacoco(root);
            case COBERTURAXML -> cobertura(root);
            case CLOVERXML -> clover(root);
            default -> throw new IllegalArgumentException(format + " is not an XML format");
        };
    }

    private static void expectRoot(Element root, ReportFormat f, String... names) throws ReportParseException {
        for (String n : names) {
            if (n.equals(name(root))) {
                return;
            }
        }
        throw new ReportParseException("not a " + f + " report: the root element is <" + name(root)
                + ">, expected <" + String.join("> or <", names) + ">");
    }

    static Tests junit(Element root) throws ReportParseException {
        expectRoot(root, ReportFormat.JUNITXML, "testsuites", "testsuite");
        List<TestCase> cases = new ArrayList<>();
        for (Element tc : all(root, "testcase")) {
            String suite = attr(tc, "classname");
            if (suite.isEmpty() && tc.getParentNode() instanceof Element p && name(p).equals("testsuite")) {
                suite = attr(p, "name");
            }
            TestStatus status = TestStatus.PASSED;
            String message = "";
            for (Node n = tc.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (!(n instanceof Element c)) {
                    continue;
                }
                switch (name(c)) {
                    case "failure", "error" -> {
                        status = TestStatus.FAILED;
                        message = message(c);
                    }
                    case "skipped" -> {
                        if (status == TestStatus.PASSED) {
                            status = TestStatus.SKIPPED;
                            message = message(c);
                        }
                    }
                    default -> {
                        // system-out, properties, flakyFailure (passed on a rerun), rerunFailure, ...
                    }
                }
            }
            cases.add(new TestCase(suite, attr(tc, "name"), status, message, number(attr(tc, "time"))));
        }
        return new Tests(cases);
    }

    static Tests nunit2(Element root) throws ReportParseException {
        expectRoot(root, ReportFormat.NUNITXML, "test-results");
        List<TestCase> cases = new ArrayList<>();
        for (Element tc : all(root, "test-case")) {
            String result = attr(tc, "result").toLowerCase(Locale.ROOT);
            boolean executed = !"false".equalsIgnoreCase(attr(tc, "executed"));
            TestStatus status;
            if (!executed || result.equals("ignored") || result.equals("skipped") || result.equals("notrunnable")
                    || result.equals("inconclusive")) {
                status = TestStatus.SKIPPED;
            } else if ("true".equalsIgnoreCase(attr(tc, "success")) || result.equals("success")) {
                status = TestStatus.PASSED;
            } else {
                status = TestStatus.FAILED;
            }
            String message = child(tc, "failure").or(() -> child(tc, "reason"))
                    .flatMap(f -> child(f, "message")).map(XmlReports::text).orElse("");
            cases.add(qualified(attr(tc, "name"), status, message, number(attr(tc, "time"))));
        }
        return new Tests(cases);
    }

    static Tests nunit3(Element root) throws ReportParseException {
        expectRoot(root, ReportFormat.NUNIT3XML, "test-run");
        List<TestCase> cases = new ArrayList<>();
        for (Element tc : all(root, "test-case")) {
            String result = attr(tc, "result").toLowerCase(Locale.ROOT);
            TestStatus status = switch (result) {
                case "passed", "warning" -> TestStatus.PASSED;
                case "skipped", "inconclusive" -> TestStatus.SKIPPED;
                default -> TestStatus.FAILED;
            };
            String message = child(tc, "failure").or(() -> child(tc, "reason"))
                    .flatMap(f -> child(f, "message")).map(XmlReports::text).orElse("");
            String suite = attr(tc, "classname");
            cases.add(new TestCase(suite, attr(tc, "name"), status, message, number(attr(tc, "duration"))));
        }
        return new Tests(cases);
    }

    static Tests testng(Element root) throws ReportParseException {
        expectRoot(root, ReportFormat.TESTNGXML, "testng-results");
        List<TestCase> cases = new ArrayList<>();
        for (Element m : all(root, "test-method")) {
            if ("true".equalsIgnoreCase(attr(m, "is-config"))) {
                continue;
            }
            TestStatus status = switch (attr(m, "status").toUpperCase(Locale.ROOT)) {
                case "PASS" -> TestStatus.PASSED;
                case "SKIP" -> TestStatus.SKIPPED;
                default -> TestStatus.FAILED;
            };
            String suite = m.getParentNode() instanceof Element p && name(p).equals("class") ? attr(p, "name") : "";
            String message = child(m, "exception").flatMap(e -> child(e, "message")).map(XmlReports::text)
                    .orElse("");
            Double ms = number(attr(m, "duration-ms"));
            cases.add(new TestCase(suite, attr(m, "name"), status, message, ms == null ? null : ms / 1000));
        }
        return new Tests(cases);
    }

    static Tests trx(Element root) throws ReportParseException {
        expectRoot(root, ReportFormat.VISUALSTUDIOTRX, "TestRun");
        List<TestCase> cases = new ArrayList<>();
        for (Element r : all(root, "UnitTestResult")) {
            String outcome = attr(r, "outcome").toLowerCase(Locale.ROOT);
            TestStatus status = switch (outcome) {
                case "passed", "passedbutrunaborted", "warning" -> TestStatus.PASSED;
                case "notexecuted", "inconclusive", "notrunnable", "disconnected", "pending", "" -> TestStatus.SKIPPED;
                default -> TestStatus.FAILED;
            };
            String message = child(r, "Output").flatMap(o -> child(o, "ErrorInfo"))
                    .flatMap(e -> child(e, "Message")).map(XmlReports::text).orElse("");
            cases.add(qualified(attr(r, "testName"), status, message, seconds(attr(r, "duration"))));
        }
        return new Tests(cases);
    }

    static Coverage jacoco(Element root) throws ReportParseException {
        expectRoot(root, ReportFormat.JACOCOXML, "report");
        long lc = 0;
        long lt = 0;
        long bc = 0;
        long bt = 0;
        boolean lines = false;
        for (Element c : children(root, "counter")) {
            long covered = SafeXml.count(c, "covered");
            long missed = SafeXml.count(c, "missed");
            switch (attr(c, "type")) {
                case "LINE" -> {
                    lines = true;
                    lc = covered;
                    lt = covered + missed;
                }
                case "BRANCH" -> {
                    bc = covered;
                    bt = covered + missed;
                }
                default -> {
                    // INSTRUCTION, COMPLEXITY, METHOD, CLASS
                }
            }
        }
        if (!lines && children(root, "package").isEmpty()) {
            throw new ReportParseException("not a JACOCOXML report: no <counter type=\"LINE\"> under <report>");
        }
        return new Coverage(lc, lt, bc, bt);
    }

    private static final Pattern CONDITION = Pattern.compile("\\((\\d+)/(\\d+)\\)");

    static Coverage cobertura(Element root) throws ReportParseException {
        expectRoot(root, ReportFormat.COBERTURAXML, "coverage");
        Double lc = number(attr(root, "lines-covered"));
        Double lv = number(attr(root, "lines-valid"));
        Double bc = number(attr(root, "branches-covered"));
        Double bv = number(attr(root, "branches-valid"));
        if (lc != null && lv != null) {
            return new Coverage(lc.longValue(), lv.longValue(), bc == null ? 0 : bc.longValue(),
                    bv == null ? 0 : bv.longValue());
        }
        if (!attr(root, "line-rate").isEmpty() || !all(root, "class").isEmpty()) {
            // Older writers give only rates: count the <line> elements (each line once per file).
            long lines = 0;
            long hit = 0;
            long branches = 0;
            long branchesHit = 0;
            for (Element cls : all(root, "class")) {
                java.util.Set<String> seen = new java.util.HashSet<>();
                Element linesEl = child(cls, "lines").orElse(null);
                if (linesEl == null) {
                    continue;
                }
                for (Element line : children(linesEl, "line")) {
                    if (!seen.add(attr(line, "number"))) {
                        continue;
                    }
                    lines++;
                    Double hits = number(attr(line, "hits"));
                    if (hits != null && hits > 0) {
                        hit++;
                    }
                    Matcher m = CONDITION.matcher(attr(line, "condition-coverage"));
                    if ("true".equals(attr(line, "branch")) && m.find()) {
                        branchesHit += Long.parseLong(m.group(1));
                        branches += Long.parseLong(m.group(2));
                    }
                }
            }
            return new Coverage(hit, lines, branchesHit, branches);
        }
        throw new ReportParseException("not a COBERTURAXML report: <coverage> has neither lines-valid nor"
                + " line-rate");
    }

    static Coverage clover(Element root) throws ReportParseException {
        expectRoot(root, ReportFormat.CLOVERXML, "coverage");
        Element project = child(root, "project").orElseThrow(
                () -> new ReportParseException("not a CLOVERXML report: no <project> under <coverage>"));
        Element m = child(project, "metrics").orElseThrow(
                () -> new ReportParseException("not a CLOVERXML report: no <metrics> under <project>"));
        long statements = SafeXml.count(m, "statements");
        long covered = SafeXml.count(m, "coveredstatements");
        Double cond = number(attr(m, "conditionals"));
        Double condCovered = number(attr(m, "coveredconditionals"));
        return new Coverage(covered, statements, condCovered == null ? 0 : condCovered.longValue(),
                cond == null ? 0 : cond.longValue());
    }

    /** A test case named {@code Suite.Name} in one string (NUnit 2, TRX). */
    private static TestCase qualified(String full, TestStatus status, String message, Double seconds) {
        int dot = full.lastIndexOf('.');
        return new TestCase(dot > 0 ? full.substring(0, dot) : "", dot > 0 ? full.substring(dot + 1) : full, status,
                message, seconds);
    }

    private static String message(Element failure) {
        String m = attr(failure, "message");
        if (m.isEmpty()) {
            m = text(failure);
        }
        return firstLines(m);
    }

    private static String text(Element e) {
        return firstLines(e.getTextContent());
    }

    /** The first lines of a message (stack traces are long); at most 500 characters. */
    static String firstLines(String s) {
        if (s == null) {
            return "";
        }
        String t = s.strip();
        String[] lines = t.split("\\R", 4);
        String joined = String.join("\n", java.util.Arrays.asList(lines).subList(0, Math.min(3, lines.length)));
        return joined.length() > 500 ? joined.substring(0, 500) + "…" : joined;
    }

    /** {@code hh:mm:ss.fffffff} as seconds. */
    private static Double seconds(String trx) {
        if (trx == null || trx.isEmpty()) {
            return null;
        }
        String[] p = trx.split(":");
        try {
            if (p.length == 3) {
                return Integer.parseInt(p[0]) * 3600 + Integer.parseInt(p[1]) * 60 + Double.parseDouble(p[2]);
            }
            return Double.parseDouble(trx);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
