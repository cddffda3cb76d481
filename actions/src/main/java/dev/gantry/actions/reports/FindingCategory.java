package dev.gantry.actions.reports;

/**
 * The static-analysis categories of the {@code StaticAnalysis*} criteria ({@code StaticAnalysisFinding} counts all
 * of them).
 */
public enum FindingCategory {
    BUG("StaticAnalysisBug"),
    SECURITY("StaticAnalysisSecurity"),
    QUALITY("StaticAnalysisQuality"),
    CODE_SMELL("StaticAnalysisCodeSmell"),
    OTHER("StaticAnalysisOther");

    private final String criterion;

    FindingCategory(String criterion) {
        this.criterion = criterion;
    }

    /** The success criterion that counts this category. */
    public String criterion() {
        return criterion;
    }
}
