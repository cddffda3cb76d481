package dev.gantry.actions.reports;

import java.io.IOException;
import java.nio.file.Path;

/** Reads a report file of a given format into {@link ReportData}. */
public final class ReportParsers {
    /**
     * Parses {@code file} as {@code format}.
     *
     * @throws ReportParseException when the file is not a well-formed report of that format
     */
    public ReportData parse(ReportFormat format, Path file) throws ReportParseException {
        try {
            return switch (format) {
                case JUNITXML, NUNITXML, NUNIT3XML, TESTNGXML, VISUALSTUDIOTRX, JACOCOXML, COBERTURAXML, CLOVERXML ->
                        XmlReports.parse(format, file);
                case LCOV -> LcovReports.parse(file);
                case CUCUMBERJSON, SIMPLECOV, SARIFSA, SARIFSCA, ESLINTJSON, PYLINTJSON -> JsonReports.parse(format, file);
            };
        } catch (IOException e) {
            throw new ReportParseException("cannot read the file: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new ReportParseException("cannot read it as " + format + ": " + e);
        }
    }
}
