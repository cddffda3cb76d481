package dev.gantry.web.workflow;

import dev.gantry.engine.diagnostic.Diagnostic;
import dev.gantry.engine.model.Trigger;
import dev.gantry.engine.model.Workflow;
import dev.gantry.scm.git.BranchHead;
import dev.gantry.server.history.HistoryStore;
import dev.gantry.server.history.NewRun;
import dev.gantry.server.history.RunQuery;
import dev.gantry.server.history.RunRecord;
import dev.gantry.server.history.RunState;
import dev.gantry.server.repo.WatchedRepository;
import dev.gantry.server.runs.RunControl;
import dev.gantry.server.trigger.TriggerDispatch;
import dev.gantry.web.http.PageException;
import dev.gantry.web.http.PageRequest;
import dev.gantry.web.http.PageResponse;
import dev.gantry.web.http.PageRoute;
import dev.gantry.web.http.PageRoute.Access;
import dev.gantry.web.page.Layout;
import dev.gantry.web.run.WorkflowLinks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static dev.gantry.web.page.Html.esc;
import static dev.gantry.web.page.Html.url;

/**
 * A workflow's page: its triggers in words, RunMode, its problems ({@code file:line:col} with the source line), the
 * run history with filters (branch, state, trigger) and paging, and for users with the run role a form to run it on
 * a branch with variables.
 */
public final class WorkflowPage {
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z0-9_-]{1,60}");
    private static final int PAGE = 25;

    private final HistoryStore history;
    private final WorkflowCatalog catalog;
    private final RunControl runs;
    private final Layout layout;

    public WorkflowPage(HistoryStore history, WorkflowCatalog catalog, RunControl runs, Layout layout) {
        this.history = history;
        this.catalog = catalog;
        this.runs = runs;
        this.layout = layout;
    }

    public List<PageRoute> routes() {
        return List.of(
                new PageRoute("GET", "/repos/{repo}/workflows/{file*}", Access.READ, this::page),
                new PageRoute("POST", "/repos/{repo}/run/{file*}", Access.RUN, this::run));
    }

    private record Found(WatchedRepository repo, String commit, TriggerDispatch.WorkflowAtCommit workflow) {
    }

    private Found find(PageRequest r, String branch) {
        WatchedRepository repo = catalog.repositories().find(r.param("repo")).orElseThrow(() -> new PageException(
                404, "There is no repository '" + r.param("repo") + "'."));
        String commit = (branch == null ? catalog.defaultHead(repo) : repo.mirror().head(branch)).orElseThrow(() ->
                new PageException(404, "Repository '" + repo.name() + "' has no " + (branch == null
                        ? "default branch" : "branch '" + branch + "'") + " (fetched so far)."));
        TriggerDispatch.WorkflowAtCommit w = catalog.file(repo, commit, r.param("file")).orElseThrow(() ->
                new PageException(404, "Repository '" + repo.name() + "' has no workflow file '" + r.param("file")
                        + "' at " + commit.substring(0, Math.min(10, commit.length())) + "."));
        return new Found(repo, commit, w);
    }

    private PageResponse page(PageRequest r) {
        Found f = find(r, null);
        Workflow wf = f.workflow().loaded().workflow();
        String name = wf == null ? f.workflow().file().path() : wf.name();
        StringBuilder b = new StringBuilder(8192);
        b.append("<nav class=\"crumbs\" aria-label=\"Breadcrumb\"><a href=\"/\">Home</a> › ")
                .append(esc(f.repo().name())).append(" › ").append(esc(name)).append("</nav>");
        b.append("<h1>").append(esc(name)).append("</h1><p class=\"muted\">").append(esc(f.workflow().file().path()))
                .append(" at <code>").append(esc(f.commit().substring(0, 10))).append("</code></p>");
        if (wf != null) {
            b.append("<dl class=\"summary\"><div><dt>Runs</dt><dd><ul class=\"triggers\">");
            if (wf.triggers().isEmpty()) {
                b.append("<li>only when someone starts it (no triggers)</li>");
            }
            for (Trigger t : wf.triggers()) {
                b.append("<li>").append(esc(TriggerWords.describe(t))).append("</li>");
            }
            b.append("</ul></dd></div><div><dt>RunMode</dt><dd>").append(esc(wf.runMode() == null ? "QUEUED"
                    : wf.runMode().name())).append(" <span class=\"muted\">(").append(runModeWords(wf)).append(")</span>")
                    .append("</dd></div><div><dt>Actions</dt><dd>").append(wf.actions().size()).append("</dd></div>")
                    .append("</dl>");
        }
        List<Diagnostic> diagnostics = f.workflow().loaded().diagnostics();
        if (!diagnostics.isEmpty()) {
            String[] lines = f.workflow().file().text().split("\n", -1);
            b.append("<section class=\"problems\" aria-labelledby=\"diag-h\"><h2 id=\"diag-h\">⚠ Problems</h2>"
                    + "<ul class=\"diagnostics\">");
            for (Diagnostic d : diagnostics) {
                b.append("<li><code>").append(esc(d.format())).append("</code>");
                int line = d.position().line();
                if (line > 0 && line <= lines.length) {
                    int col = Math.max(1, d.position().column());
                    b.append("<pre class=\"source\">").append(String.format("%4d | ", line)).append(esc(lines[line - 1]))
                            .append("\n     | ").append(" ".repeat(Math.min(col - 1, 500))).append("^</pre>");
                }
                b.append("</li>");
            }
            b.append("</ul></section>");
        }
        if (r.mayRun() && wf != null && !f.workflow().loaded().hasErrors()) {
            b.append(runForm(r, f));
        }
        b.append(historySection(r, f.repo().name(), name, f.workflow().file().path()));
        return PageResponse.html(layout.page(name, b.toString(), r.caller(), r.session(), false));
    }

    private static String runModeWords(Workflow wf) {
        if (wf.runMode() == null) {
            return "runs wait for the one before";
        }
        return switch (wf.runMode()) {
            case QUEUED -> "runs wait for the one before";
            case SUPERSEDED -> "a newer run replaces one waiting";
            case PARALLEL -> "runs go at once";
        };
    }

    private String runForm(PageRequest r, Found f) {
        StringBuilder b = new StringBuilder("<section aria-labelledby=\"run-h\"><h2 id=\"run-h\">Run it</h2>"
                + "<form method=\"post\" class=\"runform\" action=\"/repos/" + esc(url(f.repo().name())) + "/run/"
                + esc(url(f.workflow().file().path()).replace("%2F", "/")) + "\">" + Layout.csrf(r.session())
                + "<label for=\"branch\">Branch</label> <select id=\"branch\" name=\"branch\">");
        String def = f.repo().mirror().defaultBranch().orElse("");
        for (BranchHead h : f.repo().mirror().branches()) {
            b.append("<option").append(h.branch().equals(def) ? " selected" : "").append(">").append(esc(h.branch()))
                    .append("</option>");
        }
        b.append("</select> <label for=\"variables\">Variables <span class=\"muted\">(one NAME=value a line)</span>"
                + "</label><textarea id=\"variables\" name=\"variables\" rows=\"3\" maxlength=\"20000\"></textarea>"
                + "<button type=\"submit\" class=\"primary\" id=\"run-button\">▶ Run</button></form></section>");
        return b.toString();
    }

    private String historySection(PageRequest r, String repo, String workflow, String file) {
        String branch = r.query("branch").orElse(null);
        RunState state = r.query("state").flatMap(s -> {
            try {
                return Optional.of(RunState.parse(s));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }).orElse(null);
        String trigger = r.query("trigger").map(t -> t.toUpperCase(Locale.ROOT)).orElse(null);
        Long before = r.query("before").isPresent() ? r.number("before", 1, Long.MAX_VALUE, Long.MAX_VALUE) : null;
        // The history filters by branch and state; the trigger is filtered here, over up to 8 pages.
        List<RunRecord> found = new java.util.ArrayList<>();
        Long cursor = before;
        for (int round = 0; round < 8 && found.size() < PAGE; round++) {
            List<RunRecord> page = history.list(new RunQuery(repo, workflow, branch, state, cursor, RunQuery.MAX_LIMIT));
            for (RunRecord run : page) {
                if ((trigger == null || run.trigger().equals(trigger)) && found.size() < PAGE) {
                    found.add(run);
                }
            }
            if (page.size() < RunQuery.MAX_LIMIT) {
                break;
            }
            cursor = page.get(page.size() - 1).id();
        }
        StringBuilder b = new StringBuilder("<section aria-labelledby=\"history-h\"><h2 id=\"history-h\">Runs</h2>");
        String self = WorkflowLinks.workflow(repo, file);
        b.append("<form method=\"get\" action=\"").append(self).append("\" class=\"filters\">")
                .append("<label>Branch <input name=\"branch\" value=\"").append(esc(branch == null ? "" : branch))
                .append("\" maxlength=\"200\"></label> <label>State <select name=\"state\"><option value=\"\">any"
                        + "</option>");
        for (RunState s : RunState.values()) {
            b.append("<option").append(s == state ? " selected" : "").append(">").append(s.label()).append("</option>");
        }
        b.append("</select></label> <label>Trigger <select name=\"trigger\"><option value=\"\">any</option>");
        for (String t : List.of("PUSH", "PULLREQUEST", "SCHEDULE", "MANUAL", "RERUN")) {
            b.append("<option value=\"").append(t).append("\"").append(t.equals(trigger) ? " selected" : "")
                    .append(">").append(t.toLowerCase(Locale.ROOT)).append("</option>");
        }
        b.append("</select></label> <button type=\"submit\">Filter</button></form>");
        b.append(RunTable.html(found, false));
        if (found.size() == PAGE) {
            Map<String, String> q = new LinkedHashMap<>();
            if (branch != null) {
                q.put("branch", branch);
            }
            if (state != null) {
                q.put("state", state.label());
            }
            if (trigger != null) {
                q.put("trigger", trigger);
            }
            q.put("before", Long.toString(found.get(found.size() - 1).id()));
            StringBuilder link = new StringBuilder(self).append('?');
            q.forEach((k, v) -> link.append(k).append('=').append(url(v)).append('&'));
            link.setLength(link.length() - 1);
            b.append("<p><a href=\"").append(esc(link)).append("\" rel=\"next\">Older runs →</a></p>");
        }
        return b.append("</section>").toString();
    }

    private PageResponse run(PageRequest r) {
        String branch = r.form("branch").filter(s -> !s.isBlank()).orElse(null);
        Found f = find(r, branch);
        Workflow wf = f.workflow().loaded().workflow();
        if (wf == null || f.workflow().loaded().hasErrors()) {
            throw new PageException(422, "Workflow file " + f.workflow().file().path() + " has errors at this "
                    + "commit; fix them first.");
        }
        Map<String, String> variables = new LinkedHashMap<>();
        for (String line : r.form("variables").orElse("").split("\r?\n")) {
            if (line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            String key = eq < 0 ? line.strip() : line.substring(0, eq).strip();
            if (eq < 0 || !VARIABLE.matcher(key).matches() || line.length() - eq > 1001 || variables.size() >= 50) {
                throw new PageException(400, "Variables are lines NAME=value: a name of 1 to 60 letters, digits, "
                        + "'_' or '-', a value of at most 1000 characters, at most 50 of them.");
            }
            variables.put(key, line.substring(eq + 1));
        }
        String on = branch != null ? branch : f.repo().mirror().defaultBranch().orElse("");
        RunRecord run = runs.submit(new NewRun(f.repo().name(), wf.name(), f.workflow().file().path(), on,
                f.commit(), "MANUAL", "started by " + r.caller().name() + " on " + on + " (web)", r.caller().name(),
                variables, null));
        return new PageResponse.Redirect("/runs/" + run.id());
    }
}
