package dev.gantry.actions.reports;

/** What a report measures; decides which success criteria apply to it. */
public enum ReportKind {
    /** Test results: {@code PassRate}. */
    TEST,
    /** Code coverage: {@code LineCoverage}, {@code BranchCoverage}. */
    COVERAGE,
    /** Software composition analysis: {@code Vulnerabilities}. */
    SCA,
    /** Static analysis: {@code StaticAnalysisBug}, {@code ...Security}, {@code ...Quality}, {@code ...CodeSmell},
     * {@code ...Other}, {@code ...Finding}. */
    STATIC_ANALYSIS
}
