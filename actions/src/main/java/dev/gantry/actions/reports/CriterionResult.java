package dev.gantry.actions.reports;

/**
 * One evaluated success criterion.
 *
 * @param report    the report's name
 * @param criterion the criterion ({@code PassRate}, {@code LineCoverage}, {@code StaticAnalysisBug}, ...)
 * @param measured  the measured value as shown ("83.33%", "3 findings")
 * @param threshold the threshold as shown ("100%", "at most 2 of severity MEDIUM or higher")
 * @param met       whether the report meets it
 * @param message   the sentence to print when it is not met
 */
public record CriterionResult(String report, String criterion, String measured, String threshold, boolean met,
                              String message) {
}
