package dev.gantry.web.dag;

import dev.gantry.server.history.ActionRecord;
import dev.gantry.web.page.Status;

import java.util.Locale;
import java.util.Map;

import static dev.gantry.web.page.Html.esc;
import static dev.gantry.web.page.Html.url;

/**
 * Draws a laid-out run DAG as inline SVG: each action a link to its page showing its name, an icon and its state
 * in words; groups as labelled boxes; DependsOn edges solid, variable edges dashed, artifact edges dotted; the
 * critical path drawn thick and named in each node's accessible label.
 */
public final class DagSvg {
    private DagSvg() {
    }

    public static String render(long runId, DagLayout.Placed placed, RunGraph graph,
                                Map<String, ActionRecord> records, CriticalPath critical) {
        StringBuilder b = new StringBuilder(4096 + placed.nodes().size() * 600);
        b.append(String.format(Locale.ROOT, "<svg class=\"dag\" role=\"group\" aria-label=\"Workflow graph\" "
                + "viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" xmlns=\"http://www.w3.org/2000/svg\">",
                placed.width(), placed.height(), placed.width(), placed.height()));
        b.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
                + "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0L10,5L0,10z\" class=\"arrowhead\"/>"
                + "</marker></defs>");
        placed.groups().forEach((g, box) -> b.append(String.format(Locale.ROOT,
                "<g class=\"group\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"8\"/>"
                        + "<text x=\"%.1f\" y=\"%.1f\">▣ %s</text></g>", box.x(), box.y(), box.w(), box.h(),
                box.x() + 10, box.y() + 19, esc(g))));
        for (DagLayout.Line line : placed.edges()) {
            if (line.points().isEmpty()) {
                continue;
            }
            RunGraph.Edge e = line.edge();
            StringBuilder d = new StringBuilder();
            for (int i = 0; i < line.points().size(); i++) {
                DagLayout.Point p = line.points().get(i);
                d.append(i == 0 ? "M" : "L").append(String.format(Locale.ROOT, "%.1f,%.1f", p.x(), p.y()));
            }
            String kind = String.join(" ", java.util.stream.Stream.of("depends-on", "artifact", "variable")
                    .filter(e.kinds()::contains).toList());
            b.append("<path class=\"edge ").append(kind).append(critical.has(e.from(), e.to()) ? " critical" : "")
                    .append("\" d=\"").append(d).append("\" marker-end=\"url(#arrow)\"><title>")
                    .append(esc(e.to())).append(" waits for ").append(esc(e.from())).append(" (")
                    .append(esc(String.join(", ", e.kinds()))).append(")</title></path>");
        }
        placed.nodes().forEach((id, box) -> {
            ActionRecord a = records.get(id);
            Status s = Status.of(a == null ? "waiting" : a.state());
            boolean onPath = critical.actions().contains(id);
            String label = DagLayout.label(id, graph.groupOf().get(id));
            b.append("<a href=\"/runs/").append(runId).append("/actions/").append(esc(url(id)))
                    .append("\" class=\"node ").append(s.css()).append(onPath ? " critical" : "")
                    .append("\" data-action=\"").append(esc(id)).append("\" data-state=\"")
                    .append(esc(s.word().toLowerCase(Locale.ROOT))).append("\" aria-label=\"").append(esc(id))
                    .append(": ").append(esc(s.word())).append(onPath ? ", on the critical path" : "").append("\">")
                    .append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                            + "rx=\"6\"/>", box.x(), box.y(), box.w(), box.h()))
                    .append(String.format(Locale.ROOT, "<text class=\"name\" x=\"%.1f\" y=\"%.1f\">%s</text>",
                            box.x() + 10, box.y() + 19, esc(label)))
                    .append(String.format(Locale.ROOT, "<text class=\"state\" x=\"%.1f\" y=\"%.1f\">%s %s%s</text>",
                            box.x() + 10, box.y() + 37, s.icon(), esc(s.word()), onPath ? " · critical" : ""))
                    .append("</a>");
        });
        b.append("</svg>");
        return b.toString();
    }
}
