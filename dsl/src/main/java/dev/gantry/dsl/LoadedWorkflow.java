package dev.gantry.dsl;

import dev.gantry.engine.diagnostic.Diagnostic;
import dev.gantry.engine.diagnostic.Severity;
import dev.gantry.engine.diagnostic.SourceMap;
import dev.gantry.engine.model.Workflow;

import java.util.List;

/**
 * What a loader made of one file: the model (when the file could be read into one), where each element came from,
 * and every diagnostic found so far.
 *
 * @param file        the file as the user named it; diagnostics carry the same text
 * @param workflow    the model, or {@code null} when the file is not a usable workflow (unreadable, not YAML, ...)
 * @param sourceMap   model path to line:column
 * @param diagnostics sorted by position
 */
public record LoadedWorkflow(String file, Workflow workflow, SourceMap sourceMap, List<Diagnostic> diagnostics) {
    public LoadedWorkflow {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(d -> d.severity() == Severity.ERROR);
    }
}
