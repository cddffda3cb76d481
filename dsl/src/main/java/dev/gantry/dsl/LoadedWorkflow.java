package dev.gantry.dsl;

import dev.gantry.dsl.file.InputFile;
import dev.gantry.dsl.file.UnreadableFile;
import dev.gantry.engine.diagnostic.Diagnostic;
import dev.gantry.engine.diagnostic.Diagnostics;
import dev.gantry.engine.diagnostic.SourcePosition;
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

    /**
     * The finding for a workflow file that cannot be read: {@code file-size} for one over the service's limit,
     * {@code encoding} for bytes that are not UTF-8 (at the bad byte), else {@code file-read} with
     * {@link InputFile}'s message (no such file, not a regular file, ...).
     */
    public static LoadedWorkflow unreadable(UnreadableFile e, String displayName) {
        Diagnostics out = new Diagnostics(displayName);
        switch (e.reason()) {
            case TOO_LARGE -> out.error(SourcePosition.UNKNOWN, "file-size", tooLargeMessage(e.size()));
            case ENCODING -> out.error(e.position(), "encoding", e.getMessage());
            default -> out.error(SourcePosition.UNKNOWN, "file-read", e.getMessage());
        }
        return new LoadedWorkflow(displayName, null, SourceMap.empty(), out.list());
    }

    /** What a file of {@code size} bytes, over the service's limit on a workflow file, is told. */
    public static String tooLargeMessage(long size) {
        return "the file is " + (size + 1023) / 1024 + " KB; CodeCatalyst ignores workflow files over "
                + InputFile.WORKFLOW_MAX_BYTES / 1024 + " KB";
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(d -> d.severity() == Severity.ERROR);
    }
}
