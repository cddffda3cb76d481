package dev.gantry.actions.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The reports of one action after its steps: what was read, what could not be, and the success criteria.
 *
 * @param reports  the reports read, manual ones first (in file order), then auto-discovered ones (by path)
 * @param problems report files that were missing, malformed or refused, and criteria not evaluated (warnings)
 * @param criteria every evaluated success criterion
 */
public record ActionReports(List<ParsedReport> reports, List<String> problems, List<CriterionResult> criteria) {
    /** No reports configured or found. */
    public static final ActionReports NONE = new ActionReports(List.of(), List.of(), List.of());

    public ActionReports {
        reports = List.copyOf(reports);
        problems = List.copyOf(problems);
        criteria = List.copyOf(criteria);
    }

    /** Whether an unmet criterion fails the action. */
    public boolean failed() {
        return criteria.stream().anyMatch(c -> !c.met());
    }

    /** The messages of the unmet criteria. */
    public List<String> failures() {
        return criteria.stream().filter(c -> !c.met()).map(CriterionResult::message).toList();
    }

    /** Test totals over all test reports: {passed, failed, skipped}. */
    public long[] testTotals() {
        long[] t = new long[3];
        for (ParsedReport r : reports) {
            if (r.data() instanceof ReportData.Tests tests) {
                t[0] += tests.passed();
                t[1] += tests.failed();
                t[2] += tests.skipped();
            }
        }
        return t;
    }

    /** The failed test cases of all test reports. */
    public List<ReportData.TestCase> failedTests() {
        List<ReportData.TestCase> out = new ArrayList<>();
        for (ParsedReport r : reports) {
            if (r.data() instanceof ReportData.Tests tests) {
                tests.cases().stream().filter(c -> c.status() == ReportData.TestStatus.FAILED).forEach(out::add);
            }
        }
        return out;
    }

    /**
     * One line for the console summary, e.g. {@code tests 41 passed, 2 failed, 1 skipped; lines 83.2%, branches
     * 70.1%; findings 3}; empty when there are no reports.
     */
    public String summaryLine() {
        List<String> parts = new ArrayList<>();
        if (reports.stream().anyMatch(r -> r.data() instanceof ReportData.Tests)) {
            long[] t = testTotals();
            parts.add("tests " + t[0] + " passed, " + t[1] + " failed, " + t[2] + " skipped");
        }
        for (ParsedReport r : reports) {
            if (r.data() instanceof ReportData.Coverage c) {
                List<String> cov = new ArrayList<>();
                if (c.linePercent() != null) {
                    cov.add("lines " + oneDecimal(c.linePercent()));
                }
                if (c.branchPercent() != null) {
                    cov.add("branches " + oneDecimal(c.branchPercent()));
                }
                if (!cov.isEmpty()) {
                    parts.add("coverage " + String.join(", ", cov) + (coverageReports() > 1 ? " (" + r.name() + ")"
                            : ""));
                }
            }
        }
        long findings = reports.stream().filter(r -> r.data() instanceof ReportData.Findings)
                .mapToLong(r -> ((ReportData.Findings) r.data()).findings().size()).sum();
        if (reports.stream().anyMatch(r -> r.data() instanceof ReportData.Findings)) {
            parts.add("findings " + findings);
        }
        return String.join("; ", parts);
    }

    private long coverageReports() {
        return reports.stream().filter(r -> r.data() instanceof ReportData.Coverage).count();
    }

    private static String oneDecimal(double v) {
        return String.format(Locale.ROOT, "%.1f%%", v);
    }

    /** Plain maps and lists for {@code run.json}. */
    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Object> list = new ArrayList<>();
        for (ParsedReport r : reports) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("format", r.format().name());
            m.put("kind", r.format().kind().name());
            m.put("autoDiscovered", r.autoDiscovered());
            m.put("files", r.files());
            if (r.data() instanceof ReportData.Tests t) {
                Map<String, Object> tests = new LinkedHashMap<>();
                tests.put("total", t.cases().size());
                tests.put("passed", t.passed());
                tests.put("failed", t.failed());
                tests.put("skipped", t.skipped());
                tests.put("passRate", t.passRate());
                m.put("tests", tests);
                List<Object> failed = new ArrayList<>();
                for (ReportData.TestCase c : t.cases()) {
                    if (c.status() == ReportData.TestStatus.FAILED) {
                        Map<String, Object> f = new LinkedHashMap<>();
                        f.put("suite", c.suite());
                        f.put("name", c.name());
                        f.put("message", c.message());
                        failed.add(f);
                    }
                }
                m.put("failedTests", failed);
            } else if (r.data() instanceof ReportData.Coverage c) {
                Map<String, Object> cov = new LinkedHashMap<>();
                cov.put("linesCovered", c.linesCovered());
                cov.put("linesTotal", c.linesTotal());
                cov.put("lineCoverage", c.linePercent());
                cov.put("branchesCovered", c.branchesCovered());
                cov.put("branchesTotal", c.branchesTotal());
                cov.put("branchCoverage", c.branchPercent());
                m.put("coverage", cov);
            } else if (r.data() instanceof ReportData.Findings f) {
                Map<String, Long> bySeverity = new LinkedHashMap<>();
                for (Severity s : Severity.values()) {
                    long n = f.findings().stream().filter(x -> x.severity() == s).count();
                    if (n > 0) {
                        bySeverity.put(s.name(), n);
                    }
                }
                Map<String, Object> fm = new LinkedHashMap<>();
                fm.put("total", f.findings().size());
                fm.put("bySeverity", bySeverity);
                List<Object> items = new ArrayList<>();
                for (ReportData.Finding x : f.findings().subList(0, Math.min(100, f.findings().size()))) {
                    Map<String, Object> i = new LinkedHashMap<>();
                    i.put("severity", x.severity().name());
                    i.put("category", x.category().name());
                    i.put("rule", x.rule());
                    i.put("message", x.message());
                    i.put("location", x.location());
                    items.add(i);
                }
                fm.put("items", items);
                m.put("findings", fm);
            }
            list.add(m);
        }
        out.put("reports", list);
        List<Object> crit = new ArrayList<>();
        for (CriterionResult c : criteria) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("report", c.report());
            m.put("criterion", c.criterion());
            m.put("measured", c.measured());
            m.put("threshold", c.threshold());
            m.put("met", c.met());
            crit.add(m);
        }
        out.put("criteria", crit);
        out.put("problems", problems);
        return out;
    }
}
