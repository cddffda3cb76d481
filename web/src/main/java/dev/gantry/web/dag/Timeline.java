package dev.gantry.web.dag;

import dev.gantry.server.history.ActionRecord;
import dev.gantry.web.page.Html;
import dev.gantry.web.page.Status;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import static dev.gantry.web.page.Html.esc;
import static dev.gantry.web.page.Html.url;

/**
 * The run's timeline as SVG: one row per action on the run's clock, a hatched bar for the time it waited after its
 * dependencies were done (for a runner, a queue or a gate) and a solid bar while it ran, labelled with the runner
 * (name and architecture) and the duration. Actions are in the order they started.
 */
public final class Timeline {
    private static final double LABEL = 230;
    private static final double WIDTH = 1000;
    private static final double ROW = 26;

    private Timeline() {
    }

    /**
     * @param runStart when the run started (the clock's zero)
     * @param now      the end of the clock for a run still going
     * @param runner   a runner's name to its description with architecture
     */
    public static String render(long runId, long runStart, long now, RunGraph graph,
                                List<ActionRecord> actions, Function<String, String> runner) {
        Map<String, ActionRecord> byName = new java.util.HashMap<>();
        actions.forEach(a -> byName.put(a.name(), a));
        long end = runStart + 1;
        for (ActionRecord a : actions) {
            end = Math.max(end, a.finishedAt() != null ? a.finishedAt() : a.startedAt() != null ? now : runStart);
        }
        List<ActionRecord> rows = actions.stream().sorted(java.util.Comparator
                .comparing((ActionRecord a) -> a.startedAt() == null ? Long.MAX_VALUE : a.startedAt())
                .thenComparing(ActionRecord::position)).toList();
        double span = end - runStart;
        double scale = (WIDTH - LABEL - 10) / span;
        double height = 30 + rows.size() * ROW;
        StringBuilder b = new StringBuilder(2048 + rows.size() * 500);
        b.append(String.format(Locale.ROOT, "<svg class=\"timeline\" role=\"img\" aria-label=\"Timeline: when each "
                + "action waited and ran\" viewBox=\"0 0 %.0f %.0f\" xmlns=\"http://www.w3.org/2000/svg\">",
                WIDTH, height));
        b.append("<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
                + "patternTransform=\"rotate(45)\"><rect width=\"3\" height=\"6\" class=\"hatch\"/></pattern></defs>");
        for (int t = 0; t <= 4; t++) {
            double x = LABEL + t * (WIDTH - LABEL - 10) / 4;
            b.append(String.format(Locale.ROOT, "<line class=\"tick\" x1=\"%.1f\" y1=\"18\" x2=\"%.1f\" y2=\"%.1f\"/>"
                    + "<text class=\"ticklabel\" x=\"%.1f\" y=\"13\">%s</text>", x, x, height, x - (t == 4 ? 40 : 0),
                    esc("+" + Html.duration((long) (span * t / 4)))));
        }
        int i = 0;
        for (ActionRecord a : rows) {
            double y = 24 + i++ * ROW;
            Status s = Status.of(a.state());
            b.append("<a href=\"/runs/").append(runId).append("/actions/").append(esc(url(a.name())))
                    .append("\" class=\"row ").append(s.css()).append("\" data-action=\"").append(esc(a.name()))
                    .append("\">");
            b.append(String.format(Locale.ROOT, "<text class=\"label\" x=\"4\" y=\"%.1f\">%s %s</text>", y + 14,
                    s.icon(), esc(shorten(a.name(), 28))));
            long ready = runStart;
            boolean predecessorsDone = true;
            for (RunGraph.Edge e : graph.edges()) {
                ActionRecord p = e.to().equals(a.name()) ? byName.get(e.from()) : null;
                if (p != null && p.finishedAt() != null) {
                    ready = Math.max(ready, p.finishedAt());
                } else if (p != null) {
                    predecessorsDone = false;
                }
            }
            Long started = a.startedAt();
            boolean stillWaiting = a.finishedAt() == null && isWaiting(a) && (predecessorsDone
                    || a.state().equals("queued"));
            long waitEnd = started != null ? started : stillWaiting ? now : ready;
            if (waitEnd > ready) {
                b.append(String.format(Locale.ROOT, "<rect class=\"waitbar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                        + "height=\"16\" fill=\"url(#hatch)\"><title>waited %s%s</title></rect>",
                        LABEL + (ready - runStart) * scale, y + 2, Math.max(1, (waitEnd - ready) * scale),
                        esc(Html.duration(waitEnd - ready)), a.reason() != null && started == null
                                ? ": " + esc(a.reason()) : ""));
            }
            if (started != null) {
                long stop = a.finishedAt() != null ? a.finishedAt() : now;
                double x = LABEL + (started - runStart) * scale;
                double w = Math.max(2, (stop - started) * scale);
                String text = (a.runner() == null ? "" : runner.apply(a.runner()) + " · ") + Html.duration(stop
                        - started);
                b.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                        + "height=\"16\" rx=\"3\"><title>%s: %s</title></rect>", x, y + 2, w, esc(a.name()),
                        esc(s.word() + ", " + text)));
                double tx;
                String attributes;
                if (x + w + 4 <= WIDTH - 200) {
                    tx = x + w + 4;
                    attributes = "class=\"bartext\"";
                } else if (x - LABEL >= 200) {
                    tx = x - 4;
                    attributes = "class=\"bartext\" text-anchor=\"end\"";
                } else {
                    tx = x + 6;
                    attributes = "class=\"bartext inside\"";
                }
                b.append(String.format(Locale.ROOT, "<text %s x=\"%.1f\" y=\"%.1f\">%s</text>", attributes, tx,
                        y + 14, esc(text)));
            }
            b.append("</a>");
        }
        b.append("</svg>");
        return b.toString();
    }

    private static boolean isWaiting(ActionRecord a) {
        return a.state().equals("queued") || a.state().equals("waiting");
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
