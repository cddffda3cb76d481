package dev.gantry.cli.graph;

import dev.gantry.engine.plan.Dependency;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;

/**
 * A Mermaid flowchart: actions as boxes (gates as rhombi), groups as subgraphs, {@code DependsOn} edges solid
 * (to the subgraph when the file names a group), variable and artifact edges dotted with a label. Node ids are
 * generated ({@code n0}, {@code g0}) because action names may contain characters Mermaid ids cannot.
 */
final class MermaidGraph {
    private MermaidGraph() {
    }

    static String render(GraphView v) {
        Map<String, String> ids = new HashMap<>();
        for (int i = 0; i < v.actions().size(); i++) {
            ids.put(v.actions().get(i).id(), "n" + i);
        }
        for (int i = 0; i < v.groups().size(); i++) {
            ids.put(v.groups().get(i).name(), "g" + i);
        }
        StringBuilder out = new StringBuilder("flowchart LR\n");
        for (GraphView.ActionNode a : v.actions()) {
            if (a.group() == null) {
                out.append("  ").append(node(ids.get(a.id()), a)).append('\n');
            }
        }
        for (GraphView.GroupNode g : v.groups()) {
            out.append("  subgraph ").append(ids.get(g.name())).append("[\"").append(text(g.name())).append("\"]\n");
            for (GraphView.ActionNode a : v.actions()) {
                if (g.name().equals(a.group())) {
                    out.append("    ").append(node(ids.get(a.id()), a)).append('\n');
                }
            }
            out.append("  end\n");
        }
        for (GraphView.Edge e : v.declared()) {
            String arrow;
            if (e.kinds().equals(EnumSet.of(Dependency.Kind.DEPENDS_ON))) {
                arrow = " --> ";
            } else {
                String label = String.join(", ", e.kinds().stream().map(GraphView::label).toList());
                arrow = (e.kinds().contains(Dependency.Kind.DEPENDS_ON) ? " -->|" : " -.->|") + text(label) + "| ";
            }
            out.append("  ").append(ids.get(e.from())).append(arrow).append(ids.get(e.to())).append('\n');
        }
        return out.toString();
    }

    private static String node(String id, GraphView.ActionNode a) {
        String label = "\"" + text(a.name()) + "<br/>" + text(String.valueOf(a.identifier())) + "\"";
        return a.gate() ? id + "{" + label + "}" : id + "[" + label + "]";
    }

    /** Text safe inside a quoted Mermaid label. */
    private static String text(String s) {
        return s.replace("\"", "#quot;").replace("<", "#lt;").replace(">", "#gt;");
    }
}
