package dev.gantry.web.runner;

import dev.gantry.runners.routing.PooledRunner;
import dev.gantry.runners.routing.RunnerPool;
import dev.gantry.server.history.ActionRecord;
import dev.gantry.server.history.HistoryStore;
import dev.gantry.server.history.RunRecord;
import dev.gantry.server.history.RunState;
import dev.gantry.web.http.PageRequest;
import dev.gantry.web.http.PageResponse;
import dev.gantry.web.http.PageRoute;
import dev.gantry.web.page.Layout;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static dev.gantry.web.page.Html.esc;
import static dev.gantry.web.page.Html.url;

/**
 * The runners page: each runner of the run service's pool with its kind, architecture, fleets, health (once it
 * has been checked: checks are lazy) and the actions running on it now.
 */
public final class RunnersPage {
    private final HistoryStore history;
    private final Supplier<RunnerPool> pool;
    private final Layout layout;

    public RunnersPage(HistoryStore history, Supplier<RunnerPool> pool, Layout layout) {
        this.history = history;
        this.pool = pool;
        this.layout = layout;
    }

    public List<PageRoute> routes() {
        return List.of(new PageRoute("GET", "/runners", PageRoute.Access.READ, this::page));
    }

    private PageResponse page(PageRequest r) {
        List<String[]> running = new ArrayList<>();
        for (RunRecord run : history.inState(RunState.IN_PROGRESS)) {
            for (ActionRecord a : history.actions(run.id())) {
                if (a.state().equals("running") && a.runner() != null) {
                    running.add(new String[] {a.runner(), "<a href=\"/runs/" + run.id() + "/actions/"
                            + esc(url(a.name())) + "\">" + esc(run.workflow()) + " #" + run.id() + " · "
                            + esc(a.name()) + "</a>"});
                }
            }
        }
        StringBuilder b = new StringBuilder("<h1>Runners</h1><div class=\"scroll\"><table class=\"runners\"><thead>"
                + "<tr><th scope=\"col\">Runner</th><th scope=\"col\">Kind</th><th scope=\"col\">Architecture</th>"
                + "<th scope=\"col\">Fleets</th><th scope=\"col\">Health</th><th scope=\"col\">Running now</th>"
                + "</tr></thead><tbody>");
        RunnerPool runners = pool.get();
        for (PooledRunner p : runners.runners()) {
            List<String> now = running.stream().filter(x -> x[0].equals(p.name())).map(x -> x[1]).toList();
            b.append("<tr><td>").append(esc(p.name())).append("</td><td>").append(esc(p.kind())).append("</td><td>")
                    .append(esc(p.architecture().map(Object::toString).orElse("any"))).append(p.emulated()
                            ? " (emulated)" : "").append("</td><td>").append(esc(String.join(", ", p.fleets())))
                    .append("</td><td>").append(p.checked() ? esc(p.report()) : "not checked yet")
                    .append("</td><td>").append(now.isEmpty() ? "idle" : String.join("<br>", now))
                    .append("</td></tr>");
        }
        b.append("</tbody></table></div>");
        if (!runners.problems().isEmpty()) {
            b.append("<h2>⚠ Configuration problems</h2><ul>");
            runners.problems().forEach(p -> b.append("<li><code>").append(esc(p.format())).append("</code></li>"));
            b.append("</ul>");
        }
        return PageResponse.html(layout.page("Runners", b.toString(), r.caller(), r.session(), !running.isEmpty()));
    }
}
