package dev.gantry.web.workflow;

import dev.gantry.server.history.HistoryStore;
import dev.gantry.server.history.RunQuery;
import dev.gantry.server.history.RunRecord;
import dev.gantry.server.repo.WatchedRepository;
import dev.gantry.server.trigger.TriggerDispatch;
import dev.gantry.web.http.PageRequest;
import dev.gantry.web.http.PageResponse;
import dev.gantry.web.http.PageRoute;
import dev.gantry.web.http.PageRoute.Access;
import dev.gantry.web.page.Html;
import dev.gantry.web.page.Layout;
import dev.gantry.web.page.Status;
import dev.gantry.web.run.WorkflowLinks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.gantry.web.page.Html.esc;

/**
 * The start page: every repository with its workflows (on the default branch) and each workflow's last run per
 * branch (state, duration, commit, trigger); the workflows with validation problems first, linked to their
 * diagnostics; and the newest runs of all.
 */
public final class HomePage {
    private final HistoryStore history;
    private final WorkflowCatalog catalog;
    private final Layout layout;

    public HomePage(HistoryStore history, WorkflowCatalog catalog, Layout layout) {
        this.history = history;
        this.catalog = catalog;
        this.layout = layout;
    }

    public List<PageRoute> routes() {
        return List.of(new PageRoute("GET", "/", Access.READ, this::page));
    }

    private PageResponse page(PageRequest r) {
        StringBuilder b = new StringBuilder(8192);
        b.append("<h1>Repositories and workflows</h1>");
        List<String> problems = new ArrayList<>();
        StringBuilder repos = new StringBuilder();
        for (WatchedRepository repo : catalog.repositories().all()) {
            repos.append("<section class=\"repo\" aria-labelledby=\"repo-").append(esc(repo.name())).append("\">")
                    .append("<h2 id=\"repo-").append(esc(repo.name())).append("\"><span aria-hidden=\"true\">▸</span> ")
                    .append(esc(repo.name())).append("</h2>");
            if (repo.lastError() != null) {
                repos.append("<p class=\"reason\">⚠ The last fetch failed: ").append(esc(repo.lastError()))
                        .append("</p>");
            }
            List<TriggerDispatch.WorkflowAtCommit> workflows = catalog.onDefaultBranch(repo);
            if (workflows.isEmpty()) {
                repos.append("<p class=\"muted\">No workflow files on the default branch").append(repo.lastFetchAt()
                        == null ? " (not fetched yet)" : "").append(".</p>");
            }
            for (TriggerDispatch.WorkflowAtCommit w : workflows) {
                String link = WorkflowLinks.workflow(repo.name(), w.file().path());
                String name = w.loaded().workflow() == null ? w.file().path() : w.loaded().workflow().name();
                if (w.loaded().workflow() == null || w.loaded().hasErrors()) {
                    long errors = w.loaded().diagnostics().stream().filter(d -> d.severity().name().equals("ERROR"))
                            .count();
                    problems.add("<li><a href=\"" + link + "\">" + esc(repo.name()) + " / " + esc(w.file().path())
                            + "</a>: ✖ " + errors + " error" + (errors == 1 ? "" : "s") + "</li>");
                }
                repos.append("<article class=\"workflow\"><h3><a href=\"").append(link).append("\">")
                        .append(esc(name)).append("</a> <span class=\"muted\">").append(esc(w.file().path()))
                        .append("</span></h3>");
                repos.append(lastRuns(repo.name(), name));
                repos.append("</article>");
            }
            repos.append("</section>");
        }
        if (!problems.isEmpty()) {
            b.append("<section class=\"problems\" aria-labelledby=\"problems-h\"><h2 id=\"problems-h\">⚠ Workflows "
                    + "with problems</h2><ul>").append(String.join("", problems)).append("</ul></section>");
        }
        b.append(repos);
        List<RunRecord> newest = history.list(RunQuery.newest(15));
        b.append("<section aria-labelledby=\"newest-h\"><h2 id=\"newest-h\">Newest runs</h2>")
                .append(RunTable.html(newest, true)).append("</section>");
        // always live: a push may start a run at any moment
        return PageResponse.html(layout.page("Home", b.toString(), r.caller(), r.session(), true));
    }

    private String lastRuns(String repository, String workflow) {
        List<RunRecord> runs = history.list(new RunQuery(repository, workflow, null, null, null, 100));
        Map<String, RunRecord> perBranch = new LinkedHashMap<>();
        for (RunRecord run : runs) {
            perBranch.putIfAbsent(run.branch(), run);
        }
        if (perBranch.isEmpty()) {
            return "<p class=\"muted\">No runs yet.</p>";
        }
        return RunTable.html(List.copyOf(perBranch.values()), false);
    }

    /** Used by tests and the workflow page: a duration of a finished run. */
    static String duration(RunRecord r) {
        return Html.duration(r.startedAt() == null || r.finishedAt() == null ? null : r.finishedAt() - r.startedAt());
    }

    static String badge(RunRecord r) {
        return Status.of(r.state().label()).badge();
    }
}
