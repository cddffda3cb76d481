package dev.gantry.actions.reports;

import dev.gantry.engine.model.SuccessCriteria;
import dev.gantry.engine.model.Threshold;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Evaluates a report's {@code SuccessCriteria}, as the service does: each criterion applies to the reports of its
 * kind ({@code PassRate} to tests, {@code LineCoverage} and {@code BranchCoverage} to coverage,
 * {@code Vulnerabilities} to SCA, {@code StaticAnalysis*} to static analysis) and an unmet one fails the action.
 *
 * <p>Pass rate is passed / (passed + failed), skipped tests excluded. A criterion with nothing to measure (no test
 * ran, no branch measured) is not evaluated and is noted instead.
 */
public final class SuccessCriteriaCheck {

    /**
     * The results of the criteria that apply to {@code report}; notes about criteria that could not be evaluated
     * are added to {@code notes}.
     */
    public List<CriterionResult> evaluate(ParsedReport report, SuccessCriteria c, List<String> notes) {
        List<CriterionResult> out = new ArrayList<>();
        if (c == null) {
            return out;
        }
        String who = "report '" + report.name() + "' (" + report.format() + ")";
        ReportData data = report.data();
        if (data instanceof ReportData.Tests t && c.passRate() != null) {
            Double rate = t.passRate();
            if (rate == null) {
                if (!report.autoDiscovered()) { // discovered files of idle test engines are common; stay quiet
                    notes.add(who + ": PassRate not evaluated: no test ran");
                }
            } else {
                out.add(new CriterionResult(report.name(), "PassRate", pct(rate), pct(c.passRate()),
                        rate >= c.passRate(), who + ": PassRate " + pct(rate) + " is below the required "
                        + pct(c.passRate()) + " (" + t.passed() + " of " + (t.passed() + t.failed())
                        + " tests passed)"));
            }
        } else if (data instanceof ReportData.Coverage cov) {
            percent(out, notes, who, report.name(), "LineCoverage", c.lineCoverage(), cov.linePercent(),
                    cov.linesCovered(), cov.linesTotal(), "lines");
            percent(out, notes, who, report.name(), "BranchCoverage", c.branchCoverage(), cov.branchPercent(),
                    cov.branchesCovered(), cov.branchesTotal(), "branches");
        } else if (data instanceof ReportData.Findings f) {
            if (report.format().kind() == ReportKind.SCA && c.vulnerabilities() != null) {
                count(out, notes, who, report.name(), "Vulnerabilities", c.vulnerabilities(), f, null);
            }
            if (report.format().kind() == ReportKind.STATIC_ANALYSIS) {
                for (Map.Entry<String, Threshold> e : c.staticAnalysis().entrySet()) {
                    FindingCategory cat = category(e.getKey());
                    if (cat == null && !e.getKey().equals("StaticAnalysisFinding")) {
                        notes.add(who + ": unknown criterion " + e.getKey() + " not evaluated");
                        continue;
                    }
                    count(out, notes, who, report.name(), e.getKey(), e.getValue(), f, cat);
                }
            }
        }
        return out;
    }

    private static void percent(List<CriterionResult> out, List<String> notes, String who, String report,
                                String criterion, Double required, Double measured, long covered, long total,
                                String unit) {
        if (required == null) {
            return;
        }
        if (measured == null) {
            notes.add(who + ": " + criterion + " not evaluated: the report measures no " + unit);
            return;
        }
        out.add(new CriterionResult(report, criterion, pct(measured), pct(required), measured >= required,
                who + ": " + criterion + " " + pct(measured) + " is below the required " + pct(required) + " ("
                        + covered + " of " + total + " " + unit + " covered)"));
    }

    private static void count(List<CriterionResult> out, List<String> notes, String who, String report,
                              String criterion, Threshold t, ReportData.Findings f, FindingCategory cat) {
        Severity sev = Severity.parse(t.severity()).orElse(null);
        if (sev == null) {
            notes.add(who + ": " + criterion + " has an unknown Severity '" + t.severity() + "'; not evaluated");
            return;
        }
        int allowed = t.number() == null ? 0 : t.number();
        long n = f.count(sev, cat);
        String what = cat == null ? "findings" : cat.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " findings";
        String measured = n + " " + what;
        String threshold = "at most " + allowed + " of severity " + sev + " or higher";
        out.add(new CriterionResult(report, criterion, measured, threshold, n <= allowed,
                who + ": " + criterion + ": " + n + " " + what + " of severity " + sev + " or higher, more than the "
                        + allowed + " allowed"));
    }

    private static FindingCategory category(String criterion) {
        for (FindingCategory c : FindingCategory.values()) {
            if (c.criterion().equals(criterion)) {
                return c;
            }
        }
        return null;
    }

    /** 83.33%, 100%, 60.5%. */
    static String pct(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        s = s.replaceAll("\\.?0+$", "");
        return s + "%";
    }
}
