package dev.gantry.cli.report;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** Prints the diagnostics of checked files in one output format. */
public sealed interface DiagnosticsReport permits TextReport, JsonReport, SarifReport {

    /**
     * Writes the report for {@code files} (every checked file, in order, including those without findings).
     */
    void write(List<FileDiagnostics> files, PrintWriter out);

    /** The report for {@code format}. */
    static DiagnosticsReport of(ReportFormat format, boolean color, String toolVersion, Path root) {
        return switch (format) {
            case TEXT -> new TextReport(color);
            case JSON -> new JsonReport();
            case SARIF -> new SarifReport(toolVersion, root);
        };
    }
}
