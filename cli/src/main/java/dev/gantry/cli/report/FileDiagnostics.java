package dev.gantry.cli.report;

import dev.gantry.engine.diagnostic.Diagnostic;
import dev.gantry.engine.diagnostic.Severity;

import java.nio.file.Path;
import java.util.List;

/**
 * The diagnostics of one checked file, in the order they are printed.
 *
 * @param displayName the file as the user sees it (relative to the current folder when possible)
 * @param path        where to read its source lines from
 * @param diagnostics sorted by position
 */
public record FileDiagnostics(String displayName, Path path, List<Diagnostic> diagnostics) {
    public FileDiagnostics {
        diagnostics = List.copyOf(diagnostics);
    }

    public long count(Severity severity) {
        return diagnostics.stream().filter(d -> d.severity() == severity).count();
    }
}
