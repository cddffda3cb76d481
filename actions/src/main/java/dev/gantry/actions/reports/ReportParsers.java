package dev.gantry.actions.reports;

import java.io.IOException;
import java.nio.file.Path;

/** Reads a report file of a given format into {@link ReportData}. */
public final class ReportParsers {
    /** Larger files are not read (a DOM of them would not fit in memory); the service caps reports similarly. */
    public static final long MAX_BYTES = 64L << 20;

    /**
     * Parses {@code file} as {@code format}.
     *
     * @throws ReportParseException when the file is not a well-formed report of that format
     */
    public ReportData parse(ReportFormat format, Path file) throws ReportParseException {
        try {
            long size = java.nio.file.Files.size(file);
            if (size > MAX_BYTES) {
                throw new ReportParseException("too large to read (" + (size >> 20) + " MiB; at most "
                        + (MAX_BYTES >> 20) + " MiB)");
            }
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
