package dev.gantry.web.workflow;

import dev.gantry.server.history.RunRecord;
import dev.gantry.web.page.Html;
import dev.gantry.web.page.Status;

import java.util.List;

import static dev.gantry.web.page.Html.esc;

/** A list of runs as a table: run, state, branch, commit, trigger, who, when and how long. */
public final class RunTable {
    private RunTable() {
    }

    public static String html(List<RunRecord> runs, boolean withWorkflow) {
        if (runs.isEmpty()) {
            return "<p class=\"muted\">No runs.</p>";
        }
        StringBuilder b = new StringBuilder("<div class=\"scroll\"><table class=\"runs\"><thead><tr>"
                + "<th scope=\"col\">Run</th>" + (withWorkflow ? "<th scope=\"col\">Workflow</th>" : "")
                + "<th scope=\"col\">State</th><th scope=\"col\">Branch</th><th scope=\"col\">Commit</th>"
                + "<th scope=\"col\">Trigger</th><th scope=\"col\">Queued</th><th scope=\"col\">Duration</th>"
                + "</tr></thead><tbody>");
        for (RunRecord r : runs) {
            b.append("<tr data-run=\"").append(r.id()).append("\"><td><a href=\"/runs/").append(r.id())
                    .append("\">#").append(r.id()).append("</a></td>");
            if (withWorkflow) {
                b.append("<td>").append(esc(r.repository())).append(" / ").append(esc(r.workflow())).append("</td>");
            }
            b.append("<td>").append(Status.of(r.state().label()).badge()).append("</td><td><code>")
                    .append(esc(r.branch())).append("</code></td><td><code>").append(esc(Html.shortCommit(
                            r.commit()))).append("</code></td><td>").append(esc(r.trigger().toLowerCase()))
                    .append(r.startedBy() == null ? "" : " <span class=\"muted\">by " + esc(r.startedBy())
                            + "</span>").append("</td><td>").append(Html.time(r.createdAt())).append("</td><td>")
                    .append(HomePage.duration(r)).append("</td></tr>");
        }
        return b.append("</tbody></table></div>").toString();
    }
}
