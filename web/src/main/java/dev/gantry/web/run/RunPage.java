package dev.gantry.web.run;

import dev.gantry.runners.routing.PooledRunner;
import dev.gantry.runners.routing.RunnerPool;
import dev.gantry.server.history.ActionRecord;
import dev.gantry.server.history.ApprovalRecord;
import dev.gantry.server.history.HistoryStore;
import dev.gantry.server.history.RunRecord;
import dev.gantry.server.runs.RunControl;
import dev.gantry.web.dag.CriticalPath;
import dev.gantry.web.dag.DagSvg;
import dev.gantry.web.dag.Timeline;
import dev.gantry.web.http.PageException;
import dev.gantry.web.http.PageRequest;
import dev.gantry.web.http.PageResponse;
import dev.gantry.web.http.PageRoute;
import dev.gantry.web.http.PageRoute.Access;
import dev.gantry.web.page.Html;
import dev.gantry.web.page.Layout;
import dev.gantry.web.page.Status;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static dev.gantry.web.page.Html.esc;
import static dev.gantry.web.page.Html.url;

/**
 * The run page: summary (trigger, commit, who, duration), the buttons (cancel, re-run, approve or reject at a
 * gate with the approvals so far), the DAG with live states and the critical path, the timeline, and the actions
 * as a table (the same facts without the drawing). {@code /runs/{id}/live} answers the live part alone, which the
 * page's script swaps in every two seconds while the run goes on.
 */
public final class RunPage {
    private final HistoryStore history;
    private final RunControl runs;
    private final RunGraphs graphs;
    private final Supplier<RunnerPool> runners;
    private final Layout layout;
    private final Clock clock;

    public RunPage(HistoryStore history, RunControl runs, RunGraphs graphs, Supplier<RunnerPool> runners,
                   Layout layout, Clock clock) {
        this.history = history;
        this.runs = runs;
        this.graphs = graphs;
        this.runners = runners;
        this.layout = layout;
        this.clock = clock;
    }

    public List<PageRoute> routes() {
        return List.of(
                new PageRoute("GET", "/runs/{id}", Access.READ, this::page),
                new PageRoute("GET", "/runs/{id}/live", Access.READ, this::live),
                new PageRoute("POST", "/runs/{id}/cancel", Access.RUN, this::cancel),
                new PageRoute("POST", "/runs/{id}/rerun", Access.RUN, this::rerun),
                new PageRoute("POST", "/runs/{id}/gates/{action}", Access.RUN, this::decide));
    }

    /** The run of the request's id, or a 404 page. */
    RunRecord run(PageRequest r) {
        long id = r.id();
        return history.run(id).orElseThrow(() -> new PageException(404, "There is no run " + id + "."));
    }

    private PageResponse page(PageRequest r) {
        RunRecord run = run(r);
        boolean active = !run.state().isFinal();
        StringBuilder b = new StringBuilder();
        b.append("<nav class=\"crumbs\" aria-label=\"Breadcrumb\"><a href=\"/\">Home</a> › <a href=\"")
                .append(WorkflowLinks.workflow(run)).append("\">").append(esc(run.repository())).append(" / ")
                .append(esc(run.workflow())).append("</a> › Run ").append(run.id()).append("</nav>");
        b.append("<div id=\"live\" data-live-url=\"/runs/").append(run.id()).append("/live\" data-active=\"")
                .append(active).append("\" aria-live=\"polite\">").append(liveHtml(run, r)).append("</div>");
        return PageResponse.html(layout.page("Run " + run.id() + " of " + run.workflow(), b.toString(), r.caller(),
                r.session(), active));
    }

    private PageResponse live(PageRequest r) {
        RunRecord run = run(r);
        return new PageResponse.Bytes("text/html; charset=utf-8", liveHtml(run, r).getBytes(StandardCharsets.UTF_8),
                "no-store");
    }

    /** Everything on the page that changes while the run goes on. */
    String liveHtml(RunRecord run, PageRequest r) {
        List<ActionRecord> actions = history.actions(run.id());
        List<ApprovalRecord> approvals = history.approvals(run.id());
        long now = clock.millis();
        Map<String, ActionRecord> byName = new LinkedHashMap<>();
        actions.forEach(a -> byName.put(a.name(), a));
        RunGraphs.Drawn drawn = graphs.of(run, actions);
        CriticalPath critical = CriticalPath.of(drawn.graph(), byName, now);
        Status s = Status.of(run.state().label());
        StringBuilder b = new StringBuilder(8192);
        b.append("<span hidden data-run-active=\"").append(!run.state().isFinal()).append("\"></span>");
        b.append("<h1>Run ").append(run.id()).append(" ").append(s.badge()).append("</h1>");
        if (run.reason() != null) {
            b.append("<p class=\"reason\">").append(esc(run.reason())).append("</p>");
        }
        Long end = run.finishedAt() != null ? run.finishedAt() : run.startedAt() != null ? now : null;
        b.append("<dl class=\"summary\">")
                .append(item("Workflow", "<a href=\"" + WorkflowLinks.workflow(run) + "\">" + esc(run.workflow())
                        + "</a> <span class=\"muted\">(" + esc(run.workflowFile()) + ")</span>"))
                .append(item("Trigger", esc(run.trigger()) + (run.triggerDetail() == null ? "" : ": "
                        + esc(run.triggerDetail()))))
                .append(item("Branch", "<code>" + esc(run.branch()) + "</code>"))
                .append(item("Commit", "<code title=\"" + esc(run.commit()) + "\">" + esc(Html.shortCommit(
                        run.commit())) + "</code>"))
                .append(item("Started by", esc(run.startedBy())))
                .append(item("Queued", Html.time(run.createdAt())))
                .append(item("Duration", Html.duration(run.startedAt() == null || end == null ? null
                        : end - run.startedAt()) + (run.finishedAt() == null && run.startedAt() != null
                        ? " so far" : "")));
        if (run.rerunOf() != null) {
            b.append(item("Re-run of", "<a href=\"/runs/" + run.rerunOf() + "\">run " + run.rerunOf() + "</a>"));
        }
        if (!critical.actions().isEmpty()) {
            b.append(item("Critical path", esc(String.join(" → ", critical.actions())) + " ("
                    + Html.duration(critical.millis()) + ")"));
        }
        b.append("</dl>");
        b.append(buttons(run, r, approvals));
        b.append("<section aria-labelledby=\"graph-h\"><h2 id=\"graph-h\">Graph</h2>")
                .append("<p class=\"legend\"><span class=\"key dep\">── DependsOn</span> <span class=\"key var\">"
                        + "- - variable</span> <span class=\"key art\">··· artifact</span> <span class=\"key crit\">"
                        + "━━ critical path</span></p><div class=\"scroll\">")
                .append(DagSvg.render(run.id(), drawn.placed(), drawn.graph(), byName, critical))
                .append("</div></section>");
        long runStart = run.startedAt() != null ? run.startedAt() : run.createdAt();
        b.append("<section aria-labelledby=\"timeline-h\"><h2 id=\"timeline-h\">Timeline</h2>")
                .append("<p class=\"legend\"><span class=\"key waitkey\">▨ waited (runner, queue, gate)</span> "
                        + "<span class=\"key\">█ ran</span></p><div class=\"scroll\">")
                .append(actions.isEmpty() ? "<p>No action has been planned yet.</p>"
                        : Timeline.render(run.id(), runStart, end != null ? end : now, drawn.graph(), actions,
                        this::describeRunner))
                .append("</div></section>");
        b.append("<section aria-labelledby=\"actions-h\"><h2 id=\"actions-h\">Actions</h2><div class=\"scroll\">"
                + "<table class=\"actions\"><thead><tr><th scope=\"col\">Action</th><th scope=\"col\">State</th>"
                + "<th scope=\"col\">Runner</th><th scope=\"col\">Started</th><th scope=\"col\">Duration</th>"
                + "</tr></thead><tbody>");
        for (ActionRecord a : actions) {
            b.append("<tr data-action=\"").append(esc(a.name())).append("\"><td><a href=\"/runs/").append(run.id())
                    .append("/actions/").append(esc(url(a.name()))).append("\">").append(esc(a.name()))
                    .append("</a>").append(critical.actions().contains(a.name()) ? " <span class=\"crit-tag\">"
                            + "critical path</span>" : "").append("</td><td>").append(Status.of(a.state()).badge())
                    .append(a.reason() == null ? "" : " <span class=\"muted\">" + esc(a.reason()) + "</span>")
                    .append("</td><td>").append(a.runner() == null ? "–" : esc(describeRunner(a.runner())))
                    .append("</td><td>").append(Html.time(a.startedAt())).append("</td><td>")
                    .append(Html.duration(a.startedAt() == null ? null : (a.finishedAt() != null ? a.finishedAt()
                            : now) - a.startedAt())).append("</td></tr>");
        }
        b.append("</tbody></table></div></section>");
        return b.toString();
    }

    private String buttons(RunRecord run, PageRequest r, List<ApprovalRecord> approvals) {
        StringBuilder b = new StringBuilder("<div class=\"buttons\">");
        List<String> gates = runs.gates().waitingGates(Long.toString(run.id()));
        for (String gate : gates) {
            int still = runs.gates().stillNeeded(Long.toString(run.id()), gate).orElse(0);
            b.append("<section class=\"gate\" aria-label=\"Approval gate ").append(esc(gate)).append("\"><h2>")
                    .append("<span aria-hidden=\"true\">✦</span> Waiting for approval at ").append(esc(gate))
                    .append("</h2><p>").append(still).append(" more approval").append(still == 1 ? "" : "s")
                    .append(" needed.</p>");
            List<ApprovalRecord> here = approvals.stream().filter(a -> a.action().equals(gate)).toList();
            if (!here.isEmpty()) {
                b.append("<ul class=\"approvals\">");
                for (ApprovalRecord a : here) {
                    b.append("<li>").append(a.decision().equals("approve") ? "✔ approved" : "✖ rejected")
                            .append(" by ").append(esc(a.user())).append(" at ").append(Html.time(a.at()))
                            .append(a.comment() == null || a.comment().isBlank() ? "" : ": “" + esc(a.comment())
                                    + "”").append("</li>");
                }
                b.append("</ul>");
            }
            if (r.mayRun()) {
                b.append("<form method=\"post\" action=\"/runs/").append(run.id()).append("/gates/")
                        .append(esc(url(gate))).append("\">").append(Layout.csrf(r.session()))
                        .append("<label>Comment <input name=\"comment\" maxlength=\"2000\"></label> ")
                        .append("<button name=\"decision\" value=\"approve\" class=\"primary\">✔ Approve</button> ")
                        .append("<button name=\"decision\" value=\"reject\" class=\"danger\">✖ Reject</button>")
                        .append("</form>");
            }
            b.append("</section>");
        }
        if (r.mayRun()) {
            if (!run.state().isFinal()) {
                b.append(form(run, "cancel", "■ Cancel run", "danger", r));
            } else {
                b.append(form(run, "rerun", "↻ Re-run", "", r));
            }
        }
        return b.append("</div>").toString();
    }

    private static String form(RunRecord run, String what, String label, String css, PageRequest r) {
        return "<form method=\"post\" action=\"/runs/" + run.id() + "/" + what + "\" class=\"inline\">"
                + Layout.csrf(r.session()) + "<button type=\"submit\" class=\"" + css + "\">" + label
                + "</button></form>";
    }

    private static String item(String term, String html) {
        return "<div><dt>" + esc(term) + "</dt><dd>" + html + "</dd></div>";
    }

    /** A runner's name with its architecture and kind, as the runner pool knows it. */
    String describeRunner(String name) {
        try {
            for (PooledRunner p : runners.get().runners()) {
                if (p.name().equals(name)) {
                    return name + " (" + p.architecture().map(Object::toString).orElse("any architecture")
                            + (p.emulated() ? ", emulated" : "") + ")";
                }
            }
        } catch (RuntimeException e) {
            return name;
        }
        return name;
    }

    private PageResponse cancel(PageRequest r) {
        RunRecord run = run(r);
        if (!runs.cancel(run.id(), r.caller().name())) {
            throw new PageException(409, "Run " + run.id() + " has already ended (" + run.state().label() + ").");
        }
        return new PageResponse.Redirect("/runs/" + run.id());
    }

    private PageResponse rerun(PageRequest r) {
        RunRecord run = run(r);
        if (!run.state().isFinal()) {
            throw new PageException(409, "Run " + run.id() + " is " + run.state().label() + "; re-run it once it "
                    + "ends.");
        }
        RunRecord again = runs.rerun(run.id(), r.caller().name()).orElseThrow(() -> new PageException(404,
                "There is no run " + run.id() + "."));
        return new PageResponse.Redirect("/runs/" + again.id());
    }

    private PageResponse decide(PageRequest r) {
        RunRecord run = run(r);
        String gate = r.param("action");
        String decision = r.form("decision").orElse("");
        if (!decision.equals("approve") && !decision.equals("reject")) {
            throw new PageException(400, "Choose approve or reject.");
        }
        String comment = r.form("comment").filter(c -> !c.isBlank()).orElse(null);
        if (comment != null && comment.length() > 2000) {
            throw new PageException(400, "The comment is longer than 2000 characters.");
        }
        var result = runs.gates().decide(Long.toString(run.id()), gate, r.caller().name(),
                decision.equals("approve"), comment);
        switch (result) {
            case NOT_WAITING -> throw new PageException(409, "Run " + run.id() + " is not waiting at gate '" + gate
                    + "' any more.");
            case ALREADY_DECIDED -> throw new PageException(409, "You have already decided at gate '" + gate
                    + "' of run " + run.id() + "; each person counts once.");
            default -> {
                return new PageResponse.Redirect("/runs/" + run.id());
            }
        }
    }
}
