package dev.gantry.cli.report;

import dev.gantry.service.records.Json;
import dev.gantry.engine.diagnostic.Diagnostic;

import java.io.PrintWriter;
import java.util.List;

/**
 * A JSON array with one object per diagnostic: {@code {"file", "line", "column", "severity", "rule", "message"}}.
 * {@code line} and {@code column} are 1-based, or {@code null} for findings about the whole file.
 */
public final class JsonReport implements DiagnosticsReport {

    @Override
    public void write(List<FileDiagnostics> files, PrintWriter out) {
        List<Diagnostic> all = files.stream().flatMap(f -> f.diagnostics().stream()).toList();
        if (all.isEmpty()) {
            out.println("[]");
            return;
        }
        out.println("[");
        for (int i = 0; i < all.size(); i++) {
            Diagnostic d = all.get(i);
            boolean known = d.position().known();
            out.print("  {\"file\": " + Json.write(d.file())
                    + ", \"line\": " + (known ? d.position().line() : "null")
                    + ", \"column\": " + (known ? d.position().column() : "null")
                    + ", \"severity\": " + Json.write(d.severity().label())
                    + ", \"rule\": " + Json.write(d.rule())
                    + ", \"message\": " + Json.write(d.message()) + "}");
            out.println(i + 1 < all.size() ? "," : "");
        }
        out.println("]");
    }
}
