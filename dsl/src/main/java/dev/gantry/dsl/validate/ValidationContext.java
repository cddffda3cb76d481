package dev.gantry.dsl.validate;

import dev.gantry.engine.diagnostic.Diagnostics;
import dev.gantry.engine.diagnostic.Severity;
import dev.gantry.engine.diagnostic.SourceMap;
import dev.gantry.engine.diagnostic.SourcePosition;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.ActionGroup;
import dev.gantry.engine.model.Compute;
import dev.gantry.engine.model.Workflow;
import dev.gantry.engine.model.WorkflowNode;
import dev.gantry.engine.plan.ActionGraph;

import java.util.List;
import java.util.Map;

/**
 * What every rule works with: the workflow, where its parts are in the source, what the validator knows beyond
 * the file, and where findings go. Positions are looked up by model path ({@code /Actions/Build/DependsOn/0}).
 */
final class ValidationContext {
    private final Workflow workflow;
    private final SourceMap sourceMap;
    private final Diagnostics out;
    private final ValidationOptions options;
    private ActionGraph graph;
    private List<List<String>> cycles;

    ValidationContext(Workflow workflow, SourceMap sourceMap, Diagnostics out, ValidationOptions options) {
        this.workflow = workflow;
        this.sourceMap = sourceMap;
        this.out = out;
        this.options = options;
    }

    Workflow workflow() {
        return workflow;
    }

    SourceMap sourceMap() {
        return sourceMap;
    }

    ValidationOptions options() {
        return options;
    }

    /** The dependency graph (explicit and implicit edges), built once. */
    ActionGraph graph() {
        if (graph == null) {
            graph = ActionGraph.of(workflow);
        }
        return graph;
    }

    /** The graph's dependency cycles ({@link ActionGraph#cycles()}), found once. */
    List<List<String>> cycles() {
        if (cycles == null) {
            cycles = graph().cycles();
        }
        return cycles;
    }

    /** Actions by qualified id ({@code Build}, {@code Group.Build}), in file order. */
    Map<String, Action> actionsById() {
        return graph().actions();
    }

    /** Model path of an action: {@code /Actions/Build} or {@code /Actions/Group/Actions/Build}. */
    static String path(Action a) {
        return a.group() == null ? "/Actions/" + a.name() : "/Actions/" + a.group() + "/Actions/" + a.name();
    }

    /** Model path of a top-level node. */
    static String path(WorkflowNode n) {
        return n instanceof Action a ? path(a) : "/Actions/" + n.name();
    }

    /** Model path of a group. */
    static String path(ActionGroup g) {
        return "/Actions/" + g.name();
    }

    /** The compute an action runs on: its own, else the workflow's, else {@code null} (the service default). */
    Compute effectiveCompute(Action a) {
        return workflow.computeOf(a);
    }

    /** Model path of the {@code Compute} that applies to {@code a}. */
    String computePath(Action a) {
        return a.compute() != null ? path(a) + "/Compute" : "/Compute";
    }

    SourcePosition at(String path) {
        return sourceMap.valueOf(path);
    }

    SourcePosition atKey(String path) {
        return sourceMap.keyOf(path);
    }

    void error(String path, String rule, String message) {
        out.add(at(path), Severity.ERROR, rule, message);
    }

    void warning(String path, String rule, String message) {
        out.add(at(path), Severity.WARNING, rule, message);
    }

    void errorAtKey(String path, String rule, String message) {
        out.add(atKey(path), Severity.ERROR, rule, message);
    }

    void warningAtKey(String path, String rule, String message) {
        out.add(atKey(path), Severity.WARNING, rule, message);
    }

    void report(SourcePosition at, Severity severity, String rule, String message) {
        out.add(at, severity, rule, message);
    }

    /**
     * Adds a finding unless one at least as severe is already on that line. For the checks a loader may also make
     * while reading (a gate in a group, a second SCHEDULE trigger, an invalid branch pattern, ...): the validator
     * makes them for every syntax, without repeating what the user was already told.
     */
    void reportOnce(SourcePosition at, Severity severity, String rule, String message) {
        boolean told = at.known() && out.list().stream()
                .anyMatch(d -> d.severity().compareTo(severity) <= 0 && d.position().line() == at.line());
        if (!told) {
            out.add(at, severity, rule, message);
        }
    }

    void errorOnce(SourcePosition at, String rule, String message) {
        reportOnce(at, Severity.ERROR, rule, message);
    }
}
