package dev.gantry.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.engine.diagnostic.Diagnostic;
import dev.gantry.server.auth.Role;
import dev.gantry.server.gates.GateDesk;
import dev.gantry.server.history.HistoryStore;
import dev.gantry.server.history.NewRun;
import dev.gantry.server.history.RunQuery;
import dev.gantry.server.history.RunRecord;
import dev.gantry.server.history.RunState;
import dev.gantry.server.http.ApiException;
import dev.gantry.server.http.ApiRequest;
import dev.gantry.server.http.ApiResponse;
import dev.gantry.server.http.Route;
import dev.gantry.server.repo.Repositories;
import dev.gantry.server.repo.WatchedRepository;
import dev.gantry.server.runs.RunControl;
import dev.gantry.server.runs.RunFiles;
import dev.gantry.server.trigger.TriggerDispatch;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code /api/runs}: the run list (filters, keyset paging), one run with its actions, logs (whole, or followed live
 * as Server-Sent Events), artifacts and reports; and, with role run: start a run, cancel, re-run, approve or reject
 * a gate.
 */
public final class RunsEndpoints {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,60}");
    private static final int MAX_VARIABLES = 50;

    private final HistoryStore history;
    private final Repositories repositories;
    private final TriggerDispatch dispatch;
    private final RunControl runs;
    private final RunFiles files;

    public RunsEndpoints(HistoryStore history, Repositories repositories, TriggerDispatch dispatch, RunControl runs,
                         RunFiles files) {
        this.history = history;
        this.repositories = repositories;
        this.dispatch = dispatch;
        this.runs = runs;
        this.files = files;
    }

    public List<Route> routes() {
        return List.of(
                new Route("GET", "/api/runs", Role.READ, this::list),
                new Route("POST", "/api/runs", Role.RUN, this::start),
                new Route("GET", "/api/runs/{id}", Role.READ, this::get),
                new Route("POST", "/api/runs/{id}/cancel", Role.RUN, this::cancel),
                new Route("POST", "/api/runs/{id}/rerun", Role.RUN, this::rerun),
                new Route("POST", "/api/runs/{id}/approvals/{action}", Role.RUN, this::approve),
                new Route("GET", "/api/runs/{id}/logs/{action}", Role.READ, this::log),
                new Route("GET", "/api/runs/{id}/artifacts", Role.READ, this::artifacts),
                new Route("GET", "/api/runs/{id}/artifacts/{name}/{path*}", Role.READ, this::artifactFile),
                new Route("GET", "/api/runs/{id}/reports", Role.READ, this::reports));
    }

    private ApiResponse list(ApiRequest r) {
        RunState state = r.queryParam("state").map(s -> {
            try {
                return RunState.parse(s);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("unknown state '" + s + "'; states: " + String.join(", ",
                        Stream.of(RunState.values()).map(RunState::label).toList()));
            }
        }).orElse(null);
        int limit = r.longParam("limit", 1, RunQuery.MAX_LIMIT).orElse(50L).intValue();
        Long before = r.longParam("before", 1, Long.MAX_VALUE).orElse(null);
        List<RunRecord> page = history.list(new RunQuery(r.queryParam("repository").orElse(null),
                r.queryParam("workflow").orElse(null), r.queryParam("branch").orElse(null), state, before, limit));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("runs", page.stream().map(RunJson::summary).toList());
        body.put("nextBefore", page.size() == limit ? page.get(page.size() - 1).id() : null);
        return ApiResponse.ok(body);
    }

    private RunRecord run(ApiRequest r) {
        long id = r.idParam("id");
        return history.run(id).orElseThrow(() -> ApiException.notFound("no run " + id));
    }

    private ApiResponse get(ApiRequest r) {
        RunRecord run = run(r);
        Map<String, Object> body = RunJson.detail(run, history.actions(run.id()), history.steps(run.id()),
                history.approvals(run.id()));
        body.put("waitingAtGates", runs.gates().waitingGates(Long.toString(run.id())));
        return ApiResponse.ok(body);
    }

    private ApiResponse start(ApiRequest r) throws Exception {
        JsonNode body = r.json();
        String repoName = text(body, "repository", true);
        String workflow = text(body, "workflow", true);
        WatchedRepository repo = repositories.get(repoName);
        String branch = text(body, "branch", false);
        if (branch == null) {
            branch = repo.mirror().defaultBranch().orElseThrow(() -> ApiException.badRequest("repository '" + repoName
                    + "' has no default branch yet; name a branch"));
        }
        String commitText = text(body, "commit", false);
        String revision = commitText != null ? commitText : branch;
        String branchName = branch;
        String commit = repo.mirror().resolve(revision).orElseThrow(() -> ApiException.notFound("repository '"
                + repoName + "' has no " + (commitText != null ? "commit '" + commitText + "'" : "branch '"
                + branchName + "'") + " (fetched so far)"));
        Map<String, String> variables = variables(body);
        boolean found = false;
        for (TriggerDispatch.WorkflowAtCommit w : dispatch.workflows(repo, commit)) {
            boolean named = w.loaded().workflow() != null && w.loaded().workflow().name().equals(workflow);
            if (!named && !w.file().path().equals(workflow)) {
                continue;
            }
            found = true;
            if (w.loaded().workflow() == null || w.loaded().hasErrors()) {
                throw new ApiException(422, "invalid-workflow", "workflow file " + w.file().path() + " at "
                        + commit + " has errors", w.loaded().diagnostics().stream().map(Diagnostic::format).toList());
            }
            RunRecord run = runs.submit(new NewRun(repo.name(), w.loaded().workflow().name(), w.file().path(),
                    branch, commit, "MANUAL", "started by " + r.caller().name() + " on " + branch,
                    r.caller().name(), variables, null));
            return ApiResponse.accepted(RunJson.summary(run));
        }
        if (!found) {
            List<String> names = new ArrayList<>();
            for (TriggerDispatch.WorkflowAtCommit w : dispatch.workflows(repo, commit)) {
                names.add(w.loaded().workflow() == null ? w.file().path() : w.loaded().workflow().name());
            }
            throw ApiException.notFound("no workflow '" + workflow + "' in " + repoName + " at " + commit
                    + (names.isEmpty() ? " (it has no workflow files)" : "; there are: " + String.join(", ", names)));
        }
        throw new IllegalStateException("unreachable");
    }

    private static Map<String, String> variables(JsonNode body) {
        JsonNode v = body.get("variables");
        Map<String, String> result = new LinkedHashMap<>();
        if (v == null || v.isNull()) {
            return result;
        }
        if (!v.isObject()) {
            throw ApiException.badRequest("variables must be an object of names to text values");
        }
        if (v.size() > MAX_VARIABLES) {
            throw ApiException.badRequest("at most " + MAX_VARIABLES + " variables");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!VARIABLE_NAME.matcher(e.getKey()).matches()) {
                throw ApiException.badRequest("variable name '" + e.getKey() + "' must be 1 to 60 letters, digits, "
                        + "'_' or '-'");
            }
            if (!e.getValue().isValueNode() || e.getValue().isNull() || e.getValue().asText().length() > 1000) {
                throw ApiException.badRequest("variable " + e.getKey() + " must be a text of at most 1000 characters");
            }
            result.put(e.getKey(), e.getValue().asText());
        }
        return result;
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw ApiException.badRequest("the body needs \"" + field + "\"");
            }
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank() || v.asText().length() > 500) {
            throw ApiException.badRequest("\"" + field + "\" must be a non-empty text (at most 500 characters)");
        }
        return v.asText();
    }

    private ApiResponse cancel(ApiRequest r) {
        RunRecord run = run(r);
        if (!runs.cancel(run.id(), r.caller().name())) {
            throw ApiException.conflict("run " + run.id() + " has already ended (" + run.state().label() + ")");
        }
        return ApiResponse.accepted(Map.of("id", run.id(), "state", "stopping"));
    }

    private ApiResponse rerun(ApiRequest r) {
        RunRecord run = run(r);
        if (!run.state().isFinal()) {
            throw ApiException.conflict("run " + run.id() + " is " + run.state().label() + "; re-run it once it ends");
        }
        RunRecord again = runs.rerun(run.id(), r.caller().name()).orElseThrow(() -> ApiException.notFound("no run "
                + run.id()));
        return ApiResponse.accepted(RunJson.summary(again));
    }

    private ApiResponse approve(ApiRequest r) {
        RunRecord run = run(r);
        String action = r.param("action");
        JsonNode body = r.json();
        String decision = body.path("decision").asText("approve");
        if (!decision.equals("approve") && !decision.equals("reject")) {
            throw ApiException.badRequest("decision must be approve or reject, not '" + decision + "'");
        }
        String comment = body.hasNonNull("comment") ? body.get("comment").asText() : null;
        if (comment != null && comment.length() > 2000) {
            throw ApiException.badRequest("the comment is longer than 2000 characters");
        }
        if (r.caller().isAnonymous()) {
            throw new ApiException(403, "forbidden", "approvals need a person's token");
        }
        GateDesk.Result result = runs.gates().decide(Long.toString(run.id()), action, r.caller().name(),
                decision.equals("approve"), comment);
        if (result == GateDesk.Result.NOT_WAITING) {
            throw ApiException.conflict("run " + run.id() + " is not waiting at a gate '" + action + "'"
                    + (runs.gates().waitingGates(Long.toString(run.id())).isEmpty() ? ""
                    : "; it waits at " + String.join(", ", runs.gates().waitingGates(Long.toString(run.id())))));
        }
        if (result == GateDesk.Result.ALREADY_DECIDED) {
            throw ApiException.conflict(r.caller().name() + " has already decided at gate '" + action + "' of run "
                    + run.id() + "; each person counts once");
        }
        Map<String, Object> body2 = new LinkedHashMap<>();
        body2.put("id", run.id());
        body2.put("action", action);
        body2.put("decision", decision);
        body2.put("user", r.caller().name());
        body2.put("approvalsStillNeeded", runs.gates().stillNeeded(Long.toString(run.id()), action).orElse(0));
        return ApiResponse.ok(body2);
    }

    private ApiResponse log(ApiRequest r) {
        RunRecord run = run(r);
        String action = r.param("action");
        if (history.actions(run.id()).stream().noneMatch(a -> a.name().equals(action))) {
            throw ApiException.notFound("run " + run.id() + " has no action '" + action + "'");
        }
        Path file = files.logFile(run.id(), action);
        String accept = r.header("Accept");
        boolean follow = r.queryParam("follow").map(v -> !v.equals("false")).orElse(false)
                || (accept != null && accept.contains("text/event-stream"));
        if (follow) {
            return new ApiResponse.Stream("text/event-stream", out -> follow(run.id(), file, out));
        }
        if (!Files.isRegularFile(file)) {
            return new ApiResponse.Text(200, "text/plain; charset=utf-8", "");
        }
        return new ApiResponse.File(file, "text/plain; charset=utf-8");
    }

    /**
     * Sends the log as Server-Sent Events ({@code data:} one line each), then follows it while the run is active;
     * ends with {@code event: end}. Lines are read from the file the run writes as it goes.
     */
    private void follow(long runId, Path file, OutputStream out) throws IOException, InterruptedException {
        long offset = 0;
        StringBuilder partial = new StringBuilder();
        long idleSince = System.nanoTime();
        while (true) {
            boolean active = runs.isActive(runId);
            if (Files.isRegularFile(file)) {
                try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
                    if (f.length() > offset) {
                        f.seek(offset);
                        byte[] bytes = new byte[(int) Math.min(f.length() - offset, 1 << 20)];
                        f.readFully(bytes);
                        offset += bytes.length;
                        partial.append(new String(bytes, StandardCharsets.UTF_8));
                        int nl;
                        StringBuilder events = new StringBuilder();
                        while ((nl = partial.indexOf("\n")) >= 0) {
                            events.append("data: ").append(partial, 0, nl).append("\n\n");
                            partial.delete(0, nl + 1);
                        }
                        out.write(events.toString().getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        idleSince = System.nanoTime();
                        continue;
                    }
                }
            }
            if (!active) {
                if (partial.length() > 0) {
                    out.write(("data: " + partial + "\n\n").getBytes(StandardCharsets.UTF_8));
                }
                out.write("event: end\ndata: \n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                return;
            }
            if (System.nanoTime() - idleSince > 15_000_000_000L) {
                out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                idleSince = System.nanoTime();
            }
            Thread.sleep(100);
        }
    }

    private ApiResponse artifacts(ApiRequest r) throws IOException {
        RunRecord run = run(r);
        Path dir = files.artifactsDir(run.id());
        List<Map<String, Object>> list = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> names = Files.list(dir)) {
                for (Path a : names.sorted().toList()) {
                    List<Map<String, Object>> content = new ArrayList<>();
                    try (Stream<Path> walk = Files.walk(a)) {
                        for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                            content.add(Map.of("path", a.relativize(f).toString().replace('\\', '/'),
                                    "bytes", Files.size(f)));
                        }
                    }
                    list.add(Map.of("name", a.getFileName().toString(), "files", content));
                }
            }
        }
        return ApiResponse.ok(Map.of("id", run.id(), "artifacts", list));
    }

    private ApiResponse artifactFile(ApiRequest r) {
        RunRecord run = run(r);
        String name = r.param("name");
        String path = r.param("path");
        Path file = files.artifactFile(run.id(), name, path).orElseThrow(() -> ApiException.badRequest(
                "artifact paths are plain relative paths (no '..', '.', '\\', NUL or empty parts)"));
        if (!Files.isRegularFile(file) || Files.isSymbolicLink(file)) {
            throw ApiException.notFound("run " + run.id() + " has no file '" + path + "' in artifact '" + name + "'");
        }
        return new ApiResponse.File(file, "application/octet-stream");
    }

    private ApiResponse reports(ApiRequest r) throws IOException {
        RunRecord run = run(r);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Map.Entry<String, String> e : history.actionDetails(run.id()).entrySet()) {
            JsonNode details = JSON.readTree(e.getValue());
            if (details.has("reports")) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("action", e.getKey());
                m.put("reports", details.get("reports"));
                list.add(m);
            }
        }
        return ApiResponse.ok(Map.of("id", run.id(), "actions", list));
    }
}
