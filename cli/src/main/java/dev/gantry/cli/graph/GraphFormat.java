package dev.gantry.cli.graph;

import java.util.function.Function;

/** The formats {@code gantry graph --format} writes. */
public enum GraphFormat {
    /** Parallel levels, each action's dependencies, the critical path. */
    TEXT(TextGraph::render),
    /** Graphviz: groups as clusters, implicit edges dashed. */
    DOT(DotGraph::render),
    /** Mermaid flowchart: groups as subgraphs, implicit edges dotted. */
    MERMAID(MermaidGraph::render),
    /** Everything as one JSON object, for tools. */
    JSON(JsonGraph::render);

    private final Function<GraphView, String> renderer;

    GraphFormat(Function<GraphView, String> renderer) {
        this.renderer = renderer;
    }

    /** The view in this format, ending with a newline. */
    public String render(GraphView view) {
        return renderer.apply(view);
    }
}
