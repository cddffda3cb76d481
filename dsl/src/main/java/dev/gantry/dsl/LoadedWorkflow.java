package dev.gantry.dsl;

import dev.gantry.engine.diagnostic.Diagnostic;
import dev.gantry.engine.diagnostic.Severity;
import dev.gantry.engine.diagnostic.SourceMap;
import dev.gantry.engine.model.Workflow;
import dev.gantry.engine.plan.ActionGraph;

import java.util.List;

/**
 * What a loader made of one file: the model (when the file could be read into one), where each element came from,
 * and every diagnostic found so far.
 *
 * @param file        the file as the user named it; diagnostics carry the same text
 * @param workflow    the model, or {@code null} when the file is not a usable workflow (unreadable, not YAML, ...)
 * @param sourceMap   model path to line:column
 * @param diagnostics sorted by position
 * @param graph       the dependency graph the validator built, or {@code null} when it did not run
 */
public record LoadedWorkflow(String file, Workflow workflow, SourceMap sourceMap, List<Diagnostic> diagnostics,
                             ActionGraph graph) {
    public LoadedWorkflow {
        diagnostics = List.copyOf(diagnostics);
    }

    /** A loader's result, not validated yet. */
    public LoadedWorkflow(String file, Workflow workflow, SourceMap sourceMap, List<Diagnostic> diagnostics) {
        this(file, workflow, sourceMap, diagnostics, null);
    }

    /** The workflow's dependency graph: the validator's, else built now. */
    public ActionGraph actionGraph() {
        return graph != null ? graph : ActionGraph.of(workflow);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(d -> d.severity() == Severity.ERROR);
    }
}
