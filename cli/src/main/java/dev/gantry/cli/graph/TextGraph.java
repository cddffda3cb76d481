package dev.gantry.cli.graph;

import dev.gantry.engine.plan.Dependency;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The text form of {@code gantry graph}: the parallel levels (actions in one level can run at the same time), each
 * action with what it waits for and why, the groups, and the critical path.
 */
final class TextGraph {
    private TextGraph() {
    }

    static String render(GraphView v) {
        StringBuilder out = new StringBuilder();
        int n = v.actions().size();
        out.append(v.name()).append(" (").append(v.file()).append("): ").append(n).append(n == 1 ? " action" : " actions")
                .append(" in ").append(v.levels().size()).append(v.levels().size() == 1 ? " level" : " levels")
                .append('\n');
        int idWidth = v.actions().stream().mapToInt(a -> a.id().length()).max().orElse(0);
        int identifierWidth = v.actions().stream().mapToInt(a -> String.valueOf(a.identifier()).length()).max()
                .orElse(0);
        for (int l = 0; l < v.levels().size(); l++) {
            out.append("\nlevel ").append(l).append('\n');
            for (String id : v.levels().get(l)) {
                GraphView.ActionNode a = v.actions().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
                StringBuilder line = new StringBuilder("  ").append(pad(a.id(), idWidth)).append("  ")
                        .append(pad(String.valueOf(a.identifier()), identifierWidth));
                if (!a.upstream().isEmpty()) {
                    line.append("  <- ").append(upstream(a.upstream()));
                }
                out.append(line.toString().stripTrailing()).append('\n');
            }
        }
        if (!v.groups().isEmpty()) {
            out.append("\ngroups\n");
            for (GraphView.GroupNode g : v.groups()) {
                out.append("  ").append(g.name()).append(": ").append(String.join(", ", g.members()));
                if (!g.dependsOn().isEmpty()) {
                    out.append(" (after ").append(String.join(", ", g.dependsOn())).append(')');
                }
                out.append('\n');
            }
        }
        List<String> path = v.criticalPath();
        out.append("\ncritical path (").append(path.size()).append(path.size() == 1 ? " action" : " actions")
                .append("): ").append(String.join(" -> ", path)).append('\n');
        return out.toString();
    }

    private static String upstream(Map<String, Set<Dependency.Kind>> up) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Set<Dependency.Kind>> e : up.entrySet()) {
            Set<Dependency.Kind> kinds = e.getValue();
            if (kinds.size() == 1 && kinds.contains(Dependency.Kind.DEPENDS_ON)) {
                parts.add(e.getKey());
            } else {
                parts.add(e.getKey() + " (" + String.join(", ", kinds.stream().map(GraphView::label).toList()) + ")");
            }
        }
        return String.join(", ", parts);
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
