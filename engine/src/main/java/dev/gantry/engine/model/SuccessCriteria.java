package dev.gantry.engine.model;

import java.util.Map;

/**
 * A report's {@code SuccessCriteria}; each field is {@code null} when not set.
 *
 * @param passRate        minimum test pass rate, percent
 * @param lineCoverage    minimum line coverage, percent
 * @param branchCoverage  minimum branch coverage, percent
 * @param vulnerabilities SCA threshold
 * @param staticAnalysis  static-analysis thresholds keyed by criterion ({@code StaticAnalysisBug}, ...), in file order
 */
public record SuccessCriteria(Double passRate, Double lineCoverage, Double branchCoverage, Threshold vulnerabilities,
                              Map<String, Threshold> staticAnalysis) {
    public SuccessCriteria {
        staticAnalysis = Collections2.orderedCopy(staticAnalysis);
    }
}
