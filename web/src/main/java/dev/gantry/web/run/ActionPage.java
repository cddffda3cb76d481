package dev.gantry.web.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.server.history.ActionRecord;
import dev.gantry.server.history.HistoryStore;
import dev.gantry.server.history.RunRecord;
import dev.gantry.server.history.StepRecord;
import dev.gantry.server.runs.HistoryRecorder;
import dev.gantry.server.runs.RunControl;
import dev.gantry.server.runs.RunFiles;
import dev.gantry.web.http.PageException;
import dev.gantry.web.http.PageRequest;
import dev.gantry.web.http.PageResponse;
import dev.gantry.web.http.PageRoute;
import dev.gantry.web.http.PageRoute.Access;
import dev.gantry.web.log.LogFile;
import dev.gantry.web.log.LogHtml;
import dev.gantry.web.log.LogStream;
import dev.gantry.web.page.Html;
import dev.gantry.web.page.Layout;
import dev.gantry.web.page.Status;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static dev.gantry.web.page.Html.esc;
import static dev.gantry.web.page.Html.url;

/**
 * The action page: its state, runner and steps; the log (the last lines, a window from a line, or the lines
 * matching a search; followed live with Server-Sent Events while the action runs; downloadable whole); its output
 * variables, the run's artifacts (downloadable) and its reports (failed test cases first, coverage, the success
 * criteria with measured value and threshold).
 */
public final class ActionPage {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> LIVE = Set.of("waiting", "queued", "running");

    private final HistoryStore history;
    private final RunControl runs;
    private final RunFiles files;
    private final Layout layout;
    private final Clock clock;

    public ActionPage(HistoryStore history, RunControl runs, RunFiles files, Layout layout, Clock clock) {
        this.history = history;
        this.runs = runs;
        this.files = files;
        this.layout = layout;
        this.clock = clock;
    }

    public List<PageRoute> routes() {
        return List.of(
                new PageRoute("GET", "/runs/{id}/actions/{action}", Access.READ, this::page),
                new PageRoute("GET", "/runs/{id}/actions/{action}/log", Access.READ, this::download),
                new PageRoute("GET", "/runs/{id}/actions/{action}/log/stream", Access.READ, this::stream),
                new PageRoute("GET", "/runs/{id}/artifacts/{name}/{path*}", Access.READ, this::artifact));
    }

    private record Target(RunRecord run, ActionRecord action) {
    }

    private Target target(PageRequest r) {
        long id = r.id();
        RunRecord run = history.run(id).orElseThrow(() -> new PageException(404, "There is no run " + id + "."));
        String name = r.param("action");
        ActionRecord action = history.actions(id).stream().filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow(() -> new PageException(404, "Run " + id + " has no action '" + name + "'."));
        return new Target(run, action);
    }

    private PageResponse page(PageRequest r) throws IOException {
        Target t = target(r);
        RunRecord run = t.run();
        ActionRecord a = t.action();
        boolean live = LIVE.contains(a.state()) && runs.isActive(run.id());
        String base = "/runs/" + run.id() + "/actions/" + esc(url(a.name()));
        StringBuilder b = new StringBuilder(16384);
        b.append("<nav class=\"crumbs\" aria-label=\"Breadcrumb\"><a href=\"/\">Home</a> › <a href=\"")
                .append(WorkflowLinks.workflow(run)).append("\">").append(esc(run.workflow()))
                .append("</a> › <a href=\"/runs/").append(run.id()).append("\">Run ").append(run.id())
                .append("</a> › ").append(esc(a.name())).append("</nav>");
        b.append("<h1>").append(esc(a.name())).append(" ").append(Status.of(a.state()).badge()).append("</h1>");
        if (a.reason() != null) {
            b.append("<p class=\"reason\">").append(esc(a.reason())).append("</p>");
        }
        long now = clock.millis();
        b.append("<dl class=\"summary\"><div><dt>Runner</dt><dd>").append(a.runner() == null ? "–" : esc(a.runner()))
                .append("</dd></div><div><dt>Started</dt><dd>").append(Html.time(a.startedAt()))
                .append("</dd></div><div><dt>Duration</dt><dd>").append(Html.duration(a.startedAt() == null ? null
                        : (a.finishedAt() != null ? a.finishedAt() : now) - a.startedAt()))
                .append("</dd></div></dl>");
        List<StepRecord> steps = history.steps(run.id()).stream().filter(s -> s.action().equals(a.name())).toList();
        b.append("<section aria-labelledby=\"steps-h\"><h2 id=\"steps-h\">Steps</h2>");
        if (steps.isEmpty()) {
            b.append("<p>No step has started yet.</p>");
        } else {
            b.append("<table class=\"steps\"><thead><tr><th scope=\"col\">Step</th><th scope=\"col\">State</th>"
                    + "<th scope=\"col\">Exit code</th><th scope=\"col\">Duration</th></tr></thead><tbody>");
            for (StepRecord s : steps) {
                b.append("<tr><td>Step ").append(s.position()).append("</td><td>").append(Status.of(s.state())
                        .badge()).append("</td><td>").append(s.exitCode() == null ? "–" : s.exitCode())
                        .append("</td><td>").append(Html.duration(s.startedAt() == null ? null
                                : (s.finishedAt() != null ? s.finishedAt() : now) - s.startedAt()))
                        .append("</td></tr>");
            }
            b.append("</tbody></table>");
        }
        b.append("</section>");
        b.append(logSection(r, run, a, base, live));
        JsonNode result = actionResult(run.id(), a.name());
        JsonNode outputs = result == null ? null : result.get("outputs");
        b.append(outputs(outputs == null || outputs.isEmpty() ? recordedOutputs(run.id(), a.name()) : outputs,
                a.finishedAt() != null));
        b.append(artifacts(run));
        b.append(reports(run.id(), a.name()));
        return PageResponse.html(layout.page(a.name() + " · run " + run.id(), b.toString(), r.caller(), r.session(),
                live && r.query("q").isEmpty() && r.query("from").isEmpty()));
    }

    private String logSection(PageRequest r, RunRecord run, ActionRecord a, String base, boolean live)
            throws IOException {
        Path file = files.logFile(run.id(), a.name());
        String q = r.query("q").orElse("");
        if (q.length() > 200) {
            q = q.substring(0, 200);
        }
        long from = r.number("from", 1, Long.MAX_VALUE, 0);
        LogFile.Window w = !q.isEmpty() ? LogFile.search(file, q) : LogFile.read(file, from);
        StringBuilder b = new StringBuilder(w.lines().size() * 120 + 2048);
        b.append("<section aria-labelledby=\"log-h\" class=\"log-section\"><h2 id=\"log-h\">Log</h2>");
        b.append("<div class=\"log-tools\"><form method=\"get\" action=\"").append(base).append("\" role=\"search\">")
                .append("<label for=\"log-q\">Search the log</label> <input id=\"log-q\" name=\"q\" value=\"")
                .append(esc(q)).append("\" maxlength=\"200\"> <button type=\"submit\">Search</button></form> ")
                .append("<a class=\"button\" href=\"").append(base).append("/log\" download>⤓ Download the whole log ("
                        + String.format("%,d", w.bytes()) + " bytes)</a>");
        if (live) {
            b.append(" <label class=\"follow\"><input type=\"checkbox\" id=\"follow\" checked> Follow</label>")
                    .append(" <span id=\"log-state\" class=\"muted\" aria-live=\"polite\">▶ live</span>");
        }
        b.append("</div>");
        if (!q.isEmpty()) {
            b.append("<p>").append(w.lines().size()).append(w.lines().size() >= LogFile.MAX_MATCHES ? "+" : "")
                    .append(" line").append(w.lines().size() == 1 ? "" : "s").append(" of ").append(w.total())
                    .append(" contain “").append(esc(q)).append("”. <a href=\"").append(base)
                    .append("\">Show the end of the log</a></p>");
        } else if (w.total() > w.lines().size()) {
            long first = w.lines().isEmpty() ? 0 : w.lines().get(0).number();
            b.append("<p class=\"muted\">Lines ").append(first).append("–").append(first + w.lines().size() - 1)
                    .append(" of ").append(w.total()).append(". ");
            if (first > 1) {
                b.append("<a href=\"").append(base).append("?from=").append(Math.max(1, first - LogFile.WINDOW))
                        .append("\">Earlier lines</a> · <a href=\"").append(base).append("?from=1\">First lines</a>");
            }
            if (from > 0) {
                b.append(" · <a href=\"").append(base).append("?from=").append(first + w.lines().size())
                        .append("\">Later lines</a> · <a href=\"").append(base).append("\">The end</a>");
            }
            b.append("</p>");
        }
        b.append("<div class=\"log\" id=\"log\" tabindex=\"0\" aria-label=\"Log of ").append(esc(a.name()))
                .append("\"");
        if (live && q.isEmpty() && from == 0) {
            long nextLine = w.lines().isEmpty() ? 1 : w.lines().get(w.lines().size() - 1).number() + 1;
            b.append(" data-stream=\"").append(base).append("/log/stream?offset=").append(w.endOffset())
                    .append("&amp;line=").append(nextLine).append("\"");
        }
        b.append(">");
        for (LogFile.Line l : w.lines()) {
            if (!q.isEmpty()) {
                b.append("<div class=\"l\"><a class=\"n\" href=\"").append(base).append("?from=")
                        .append(Math.max(1, l.number() - 20)).append("#L").append(l.number()).append("\">")
                        .append(l.number()).append("</a><span class=\"t\">")
                        .append(dev.gantry.web.log.AnsiHtml.line(l.text())).append("</span></div>");
            } else {
                b.append(LogHtml.line(l.number(), l.text()));
            }
        }
        if (w.lines().isEmpty() && q.isEmpty()) {
            b.append("<p class=\"muted empty\">").append(live ? "Nothing printed yet." : "This action wrote no log.")
                    .append("</p>");
        }
        b.append("</div></section>");
        return b.toString();
    }

    private JsonNode actionResult(long runId, String action) {
        Path runJson = files.runDir(runId).resolve("run.json");
        try {
            if (!Files.isRegularFile(runJson) || Files.size(runJson) > 20 << 20) {
                return null;
            }
            for (JsonNode a : JSON.readTree(runJson.toFile()).path("actions")) {
                if (a.path("action").asText().equals(action)) {
                    return a;
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /** The output variables the history recorded when the action ended (the run may still be going on). */
    private JsonNode recordedOutputs(long runId, String action) {
        String details = history.actionDetails(runId).get(action);
        if (details == null) {
            return null;
        }
        try {
            return JSON.readTree(details).get(HistoryRecorder.OUTPUTS);
        } catch (IOException e) {
            return null;
        }
    }

    private static String outputs(JsonNode outputs, boolean ended) {
        StringBuilder b = new StringBuilder("<section aria-labelledby=\"outputs-h\"><h2 id=\"outputs-h\">Output "
                + "variables</h2>");
        if (outputs == null || outputs.isEmpty()) {
            b.append("<p class=\"muted\">None").append(ended ? "" : " yet (they are shown once the action has "
                    + "ended)").append(".</p>");
        } else {
            b.append("<table class=\"outputs\"><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Value</th>"
                    + "</tr></thead><tbody>");
            for (Iterator<Map.Entry<String, JsonNode>> it = outputs.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                b.append("<tr><td><code>").append(esc(e.getKey())).append("</code></td><td><code>")
                        .append(esc(e.getValue().asText())).append("</code></td></tr>");
            }
            b.append("</tbody></table>");
        }
        return b.append("</section>").toString();
    }

    private String artifacts(RunRecord run) throws IOException {
        Path dir = files.artifactsDir(run.id());
        StringBuilder b = new StringBuilder("<section aria-labelledby=\"artifacts-h\"><h2 id=\"artifacts-h\">"
                + "Artifacts of the run</h2>");
        List<Path> names = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                names = s.sorted().toList();
            }
        }
        if (names.isEmpty()) {
            return b.append("<p class=\"muted\">None.</p></section>").toString();
        }
        b.append("<ul class=\"artifacts\">");
        for (Path a : names) {
            b.append("<li><span aria-hidden=\"true\">▤</span> <strong>").append(esc(a.getFileName())).append("</strong><ul>");
            List<Path> content;
            try (Stream<Path> walk = Files.walk(a)) {
                content = walk.filter(Files::isRegularFile).sorted().limit(200).toList();
            }
            for (Path f : content) {
                String rel = a.relativize(f).toString().replace('\\', '/');
                StringBuilder link = new StringBuilder();
                for (String part : rel.split("/")) {
                    link.append('/').append(url(part));
                }
                b.append("<li><a href=\"/runs/").append(run.id()).append("/artifacts/")
                        .append(esc(url(a.getFileName().toString()))).append(esc(link)).append("\" download>⤓ ")
                        .append(esc(rel)).append("</a> <span class=\"muted\">(").append(String.format("%,d",
                                Files.size(f))).append(" bytes)</span></li>");
            }
            b.append("</ul></li>");
        }
        return b.append("</ul></section>").toString();
    }

    private String reports(long runId, String action) throws IOException {
        String details = history.actionDetails(runId).get(action);
        StringBuilder b = new StringBuilder("<section aria-labelledby=\"reports-h\"><h2 id=\"reports-h\">Reports"
                + "</h2>");
        JsonNode rep = details == null ? null : JSON.readTree(details).get("reports");
        if (rep == null || (rep.path("reports").isEmpty() && rep.path("criteria").isEmpty())) {
            return b.append("<p class=\"muted\">None.</p></section>").toString();
        }
        List<JsonNode> reports = new ArrayList<>();
        rep.path("reports").forEach(reports::add);
        reports.sort((x, y) -> Integer.compare(y.path("failedTests").size(), x.path("failedTests").size()));
        for (JsonNode r : reports) {
            b.append("<article class=\"report\"><h3>").append(esc(r.path("name").asText())).append(" <span "
                    + "class=\"muted\">(").append(esc(r.path("format").asText())).append(")</span></h3>");
            JsonNode tests = r.get("tests");
            if (tests != null) {
                long failed = tests.path("failed").asLong();
                b.append("<p>").append(failed > 0 ? Status.of("failed").badge() : Status.of("succeeded").badge())
                        .append(" ").append(tests.path("total").asLong()).append(" tests: ")
                        .append(tests.path("passed").asLong()).append(" passed, ").append(failed)
                        .append(" failed, ").append(tests.path("skipped").asLong()).append(" skipped</p>");
                if (r.path("failedTests").size() > 0) {
                    b.append("<table class=\"failures\"><caption>Failed test cases</caption><thead><tr><th scope="
                            + "\"col\">Test</th><th scope=\"col\">Suite</th><th scope=\"col\">Message</th></tr>"
                            + "</thead><tbody>");
                    for (JsonNode f : r.path("failedTests")) {
                        b.append("<tr class=\"failed-test\"><td>✖ ").append(esc(f.path("name").asText()))
                                .append("</td><td>").append(esc(f.path("suite").asText())).append("</td><td><pre>")
                                .append(esc(f.path("message").asText())).append("</pre></td></tr>");
                    }
                    b.append("</tbody></table>");
                }
            }
            JsonNode cov = r.get("coverage");
            if (cov != null) {
                b.append("<p>Line coverage: <strong>").append(percent(cov.get("lineCoverage"))).append("</strong> (")
                        .append(cov.path("linesCovered").asLong()).append(" of ").append(cov.path("linesTotal")
                                .asLong()).append(" lines)");
                if (cov.path("branchesTotal").asLong() > 0) {
                    b.append(" · branch coverage: <strong>").append(percent(cov.get("branchCoverage")))
                            .append("</strong> (").append(cov.path("branchesCovered").asLong()).append(" of ")
                            .append(cov.path("branchesTotal").asLong()).append(")");
                }
                b.append("</p>");
            }
            JsonNode findings = r.get("findings");
            if (findings != null) {
                b.append("<p>").append(findings.path("total").asLong()).append(" finding(s): ")
                        .append(esc(findings.path("bySeverity").toString())).append("</p>");
            }
            b.append("</article>");
        }
        if (rep.path("criteria").size() > 0) {
            b.append("<table class=\"criteria\"><caption>Success criteria</caption><thead><tr><th scope=\"col\">"
                    + "Report</th><th scope=\"col\">Criterion</th><th scope=\"col\">Measured</th><th scope=\"col\">"
                    + "Threshold</th><th scope=\"col\">Result</th></tr></thead><tbody>");
            for (JsonNode c : rep.path("criteria")) {
                b.append("<tr><td>").append(esc(c.path("report").asText())).append("</td><td>")
                        .append(esc(c.path("criterion").asText())).append("</td><td>")
                        .append(esc(c.path("measured").asText())).append("</td><td>")
                        .append(esc(c.path("threshold").asText())).append("</td><td>")
                        .append(c.path("met").asBoolean() ? "✔ met" : "✖ not met").append("</td></tr>");
            }
            b.append("</tbody></table>");
        }
        return b.append("</section>").toString();
    }

    private static String percent(JsonNode v) {
        return v == null || v.isNull() ? "–" : String.format("%.1f%%", v.asDouble());
    }

    private PageResponse download(PageRequest r) {
        Target t = target(r);
        Path file = files.logFile(t.run().id(), t.action().name());
        if (!Files.isRegularFile(file)) {
            return new PageResponse.Bytes("text/plain; charset=utf-8", new byte[0], "no-store");
        }
        return new PageResponse.File(file, "text/plain; charset=utf-8", "run-" + t.run().id() + "-"
                + t.action().name() + ".log");
    }

    private PageResponse stream(PageRequest r) {
        Target t = target(r);
        long runId = t.run().id();
        String name = t.action().name();
        long offset = r.number("offset", 0, Long.MAX_VALUE, 0);
        long line = r.number("line", 1, Long.MAX_VALUE, 1);
        String last = r.header("Last-Event-ID");
        if (last != null && last.matches("\\d{1,18}:\\d{1,18}")) {
            offset = Long.parseLong(last.substring(0, last.indexOf(':')));
            line = Long.parseLong(last.substring(last.indexOf(':') + 1));
        }
        long from = offset;
        long firstLine = line;
        long[] lastCheck = {0};
        boolean[] done = {false};
        LogStream stream = new LogStream(files.logFile(runId, name), () -> {
            if (done[0]) {
                return true;
            }
            long now = System.nanoTime();
            if (now - lastCheck[0] < 500_000_000L) {
                return false;
            }
            lastCheck[0] = now;
            boolean actionLive = history.actions(runId).stream().filter(a -> a.name().equals(name))
                    .anyMatch(a -> LIVE.contains(a.state()));
            done[0] = !actionLive || !runs.isActive(runId);
            return done[0];
        }, 50);
        return new PageResponse.Stream("text/event-stream; charset=utf-8", out -> stream.write(out, from,
                firstLine));
    }

    private PageResponse artifact(PageRequest r) {
        long id = r.id();
        history.run(id).orElseThrow(() -> new PageException(404, "There is no run " + id + "."));
        String name = r.param("name");
        String path = r.param("path");
        Path file = files.artifactFile(id, name, path).orElseThrow(() -> new PageException(400,
                "Artifact paths are plain relative paths."));
        if (!Files.isRegularFile(file) || Files.isSymbolicLink(file)) {
            throw new PageException(404, "Run " + id + " has no file '" + path + "' in artifact '" + name + "'.");
        }
        return new PageResponse.File(file, "application/octet-stream", file.getFileName().toString());
    }
}
