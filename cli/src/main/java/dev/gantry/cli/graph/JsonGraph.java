package dev.gantry.cli.graph;

import dev.gantry.engine.json.JsonWriter;
import dev.gantry.engine.plan.Dependency;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code gantry graph --format json}: one object with {@code workflow}, {@code file}, {@code actions} (id, name,
 * group, identifier, gate, level, upstream with reasons), {@code groups}, {@code edges} (action to action, as the
 * plan runs them, each with its {@code kinds}), {@code levels} and {@code criticalPath}.
 */
final class JsonGraph {
    private JsonGraph() {
    }

    static String render(GraphView v) {
        StringBuilder out = new StringBuilder("{\n");
        out.append("  \"workflow\": ").append(str(v.name())).append(",\n");
        out.append("  \"file\": ").append(str(v.file())).append(",\n");
        out.append("  \"actions\": [");
        for (int i = 0; i < v.actions().size(); i++) {
            GraphView.ActionNode a = v.actions().get(i);
            out.append(i == 0 ? "\n" : ",\n").append("    {\"id\": ").append(str(a.id()))
                    .append(", \"name\": ").append(str(a.name()))
                    .append(", \"group\": ").append(a.group() == null ? "null" : str(a.group()))
                    .append(", \"identifier\": ").append(str(a.identifier()))
                    .append(", \"gate\": ").append(a.gate())
                    .append(", \"level\": ").append(a.level())
                    .append(", \"upstream\": ").append(upstream(a.upstream())).append('}');
        }
        out.append(v.actions().isEmpty() ? "],\n" : "\n  ],\n");
        out.append("  \"groups\": [");
        for (int i = 0; i < v.groups().size(); i++) {
            GraphView.GroupNode g = v.groups().get(i);
            out.append(i == 0 ? "\n" : ",\n").append("    {\"name\": ").append(str(g.name()))
                    .append(", \"actions\": ").append(list(g.members()))
                    .append(", \"dependsOn\": ").append(list(g.dependsOn())).append('}');
        }
        out.append(v.groups().isEmpty() ? "],\n" : "\n  ],\n");
        out.append("  \"edges\": [");
        for (int i = 0; i < v.planned().size(); i++) {
            GraphView.Edge e = v.planned().get(i);
            out.append(i == 0 ? "\n" : ",\n").append("    {\"from\": ").append(str(e.from()))
                    .append(", \"to\": ").append(str(e.to()))
                    .append(", \"kinds\": ").append(kinds(e.kinds())).append('}');
        }
        out.append(v.planned().isEmpty() ? "],\n" : "\n  ],\n");
        out.append("  \"levels\": [");
        for (int i = 0; i < v.levels().size(); i++) {
            out.append(i == 0 ? "" : ", ").append(list(v.levels().get(i)));
        }
        out.append("],\n");
        out.append("  \"criticalPath\": ").append(list(v.criticalPath())).append('\n');
        return out.append("}\n").toString();
    }

    private static String upstream(Map<String, Set<Dependency.Kind>> up) {
        StringBuilder out = new StringBuilder("[");
        for (Map.Entry<String, Set<Dependency.Kind>> e : up.entrySet()) {
            out.append(out.length() == 1 ? "" : ", ").append("{\"id\": ").append(str(e.getKey()))
                    .append(", \"kinds\": ").append(kinds(e.getValue())).append('}');
        }
        return out.append(']').toString();
    }

    private static String kinds(Set<Dependency.Kind> kinds) {
        return list(kinds.stream().map(GraphView::label).toList());
    }

    private static String list(List<String> items) {
        StringBuilder out = new StringBuilder("[");
        for (String s : items) {
            out.append(out.length() == 1 ? "" : ", ").append(str(s));
        }
        return out.append(']').toString();
    }

    /** A JSON string literal (or {@code null}). */
    static String str(String s) {
        return JsonWriter.quote(s);
    }
}
