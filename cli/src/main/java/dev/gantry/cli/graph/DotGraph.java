package dev.gantry.cli.graph;

import dev.gantry.engine.plan.Dependency;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Graphviz DOT: one box per action (a diamond per gate), one cluster per group, {@code DependsOn} edges solid and
 * drawn to or from the whole cluster when the file names a group, variable and artifact edges dashed with a label.
 * Render with {@code dot -Tsvg}.
 */
final class DotGraph {
    private DotGraph() {
    }

    static String render(GraphView v) {
        StringBuilder out = new StringBuilder();
        out.append("digraph ").append(quote(v.name())).append(" {\n");
        out.append("  rankdir=LR;\n  compound=true;\n");
        out.append("  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n");
        out.append("  edge [fontname=\"Helvetica\", fontsize=10];\n");
        Map<String, GraphView.GroupNode> groups = v.groups().stream()
                .collect(Collectors.toMap(GraphView.GroupNode::name, Function.identity()));
        for (GraphView.ActionNode a : v.actions()) {
            if (a.group() == null) {
                out.append("  ").append(node(a)).append('\n');
            }
        }
        for (GraphView.GroupNode g : v.groups()) {
            out.append("  subgraph ").append(quote("cluster_" + g.name())).append(" {\n");
            out.append("    label=").append(quote(g.name())).append(";\n    style=rounded;\n");
            for (GraphView.ActionNode a : v.actions()) {
                if (g.name().equals(a.group())) {
                    out.append("    ").append(node(a)).append('\n');
                }
            }
            out.append("  }\n");
        }
        for (GraphView.Edge e : v.declared()) {
            String from = e.fromGroup() ? first(groups.get(e.from())) : e.from();
            String to = e.toGroup() ? first(groups.get(e.to())) : e.to();
            if (from == null || to == null) {
                continue;
            }
            StringBuilder attrs = new StringBuilder();
            if (e.fromGroup()) {
                attr(attrs, "ltail", quote("cluster_" + e.from()));
            }
            if (e.toGroup()) {
                attr(attrs, "lhead", quote("cluster_" + e.to()));
            }
            if (!e.kinds().contains(Dependency.Kind.DEPENDS_ON)) {
                attr(attrs, "style", "dashed");
            }
            if (!e.kinds().equals(java.util.EnumSet.of(Dependency.Kind.DEPENDS_ON))) {
                attr(attrs, "label", quote(String.join(", ", e.kinds().stream().map(GraphView::label).toList())));
            }
            out.append("  ").append(quote(from)).append(" -> ").append(quote(to));
            if (!attrs.isEmpty()) {
                out.append(" [").append(attrs).append(']');
            }
            out.append(";\n");
        }
        out.append("}\n");
        return out.toString();
    }

    private static String node(GraphView.ActionNode a) {
        return quote(a.id()) + " [label=" + quote(a.name() + "\n" + a.identifier())
                + (a.gate() ? ", shape=diamond, style=solid" : "") + "];";
    }

    private static String first(GraphView.GroupNode g) {
        return g == null || g.members().isEmpty() ? null : g.members().get(0);
    }

    private static void attr(StringBuilder attrs, String name, String value) {
        if (!attrs.isEmpty()) {
            attrs.append(", ");
        }
        attrs.append(name).append('=').append(value);
    }

    /** A DOT string literal. */
    static String quote(String s) {
        return '"' + String.valueOf(s).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
