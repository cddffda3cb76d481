package dev.gantry.actions.reports;

import java.util.ArrayList;
import java.util.List;

/** The content of a parsed report: test results, coverage or findings. */
public sealed interface ReportData permits ReportData.Tests, ReportData.Coverage, ReportData.Findings {

    /** How a test case ended. Errors count as failures. */
    enum TestStatus { PASSED, FAILED, SKIPPED }

    /**
     * One test case.
     *
     * @param suite   its suite or class, maybe empty
     * @param name    its name
     * @param status  how it ended
     * @param message the failure or skip message, maybe empty
     * @param seconds its duration, or {@code null}
     */
    record TestCase(String suite, String name, TestStatus status, String message, Double seconds) {
        /** {@code suite.name}, or {@code name} without a suite. */
        public String fullName() {
            return suite == null || suite.isEmpty() ? name : suite + "." + name;
        }
    }

    /** Test results. */
    record Tests(List<TestCase> cases) implements ReportData {
        public Tests {
            cases = List.copyOf(cases);
        }

        public long count(TestStatus s) {
            return cases.stream().filter(c -> c.status() == s).count();
        }

        public long passed() {
            return count(TestStatus.PASSED);
        }

        public long failed() {
            return count(TestStatus.FAILED);
        }

        public long skipped() {
            return count(TestStatus.SKIPPED);
        }

        /** Passed tests in percent of the tests that ran (skipped ones excluded), or {@code null} if none ran. */
        public Double passRate() {
            long ran = passed() + failed();
            return ran == 0 ? null : 100.0 * passed() / ran;
        }
    }

    /** Code coverage totals. */
    record Coverage(long linesCovered, long linesTotal, long branchesCovered, long branchesTotal)
            implements ReportData {
        /** Line coverage in percent, or {@code null} when no line is measured. */
        public Double linePercent() {
            return linesTotal == 0 ? null : 100.0 * linesCovered / linesTotal;
        }

        /** Branch coverage in percent, or {@code null} when no branch is measured. */
        public Double branchPercent() {
            return branchesTotal == 0 ? null : 100.0 * branchesCovered / branchesTotal;
        }

        Coverage plus(Coverage o) {
            return new Coverage(linesCovered + o.linesCovered, linesTotal + o.linesTotal,
                    branchesCovered + o.branchesCovered, branchesTotal + o.branchesTotal);
        }
    }

    /**
     * One static-analysis or SCA finding.
     *
     * @param severity its severity
     * @param category its category
     * @param rule     the rule or vulnerability id, maybe empty
     * @param message  what was found
     * @param location {@code file:line}, maybe empty
     */
    record Finding(Severity severity, FindingCategory category, String rule, String message, String location) {
    }

    /** Findings. */
    record Findings(List<Finding> findings) implements ReportData {
        public Findings {
            findings = List.copyOf(findings);
        }

        /** Findings at {@code threshold} or more severe, in {@code category} (null: any). */
        public long count(Severity threshold, FindingCategory category) {
            return findings.stream().filter(f -> f.severity().atLeast(threshold))
                    .filter(f -> category == null || f.category() == category).count();
        }
    }

    /** Several files of one report merged (a manual report whose paths matched more than one file). */
    static ReportData merge(List<ReportData> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        ReportData first = parts.get(0);
        if (first instanceof Tests) {
            List<TestCase> all = new ArrayList<>();
            parts.forEach(p -> all.addAll(((Tests) p).cases()));
            return new Tests(all);
        }
        if (first instanceof Coverage c) {
            Coverage sum = c;
            for (int i = 1; i < parts.size(); i++) {
                sum = sum.plus((Coverage) parts.get(i));
            }
            return sum;
        }
        List<Finding> all = new ArrayList<>();
        parts.forEach(p -> all.addAll(((Findings) p).findings()));
        return new Findings(all);
    }
}
