package dev.gantry.server.api;

import dev.gantry.scm.git.BranchHead;
import dev.gantry.scm.git.RepositoryMirror;
import dev.gantry.server.ServerMetrics;
import dev.gantry.server.auth.Role;
import dev.gantry.server.http.ApiRequest;
import dev.gantry.server.http.ApiResponse;
import dev.gantry.server.http.Route;
import dev.gantry.server.repo.Repositories;
import dev.gantry.server.repo.WatchedRepository;
import dev.gantry.server.trigger.TriggerDispatch;
import dev.gantry.engine.diagnostic.Diagnostic;
import dev.gantry.engine.model.Trigger;
import dev.gantry.server.http.ApiException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Health ({@code GET /api/health}, no token), Prometheus metrics ({@code GET /metrics}), the repositories
 * ({@code GET /api/repositories}) and their workflows at a branch with validation problems
 * ({@code GET /api/repositories/{name}/workflows?branch=}).
 */
public final class SystemEndpoints {
    private final Repositories repositories;
    private final TriggerDispatch dispatch;
    private final ServerMetrics metrics;
    private final String database;

    public SystemEndpoints(Repositories repositories, TriggerDispatch dispatch, ServerMetrics metrics,
                           String database) {
        this.repositories = repositories;
        this.dispatch = dispatch;
        this.metrics = metrics;
        this.database = database;
    }

    public List<Route> routes() {
        return List.of(
                new Route("GET", "/api/health", null, r -> ApiResponse.ok(Map.of("status", "ok",
                        "database", database.startsWith("H2") ? "h2" : "postgresql"))),
                new Route("GET", "/metrics", Role.READ, r -> new ApiResponse.Text(200,
                        "text/plain; version=0.0.4; charset=utf-8", metrics.scrape())),
                new Route("GET", "/api/repositories", Role.READ, r -> ApiResponse.ok(Map.of("repositories",
                        repositories.all().stream().map(SystemEndpoints::repository).toList()))),
                new Route("GET", "/api/repositories/{name}/workflows", Role.READ, this::workflows));
    }

    private static Map<String, Object> repository(WatchedRepository repo) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", repo.name());
        m.put("url", RepositoryMirror.redacted(repo.config().url()));
        m.put("pollSeconds", repo.config().pollSeconds());
        m.put("webhook", repo.config().webhook());
        m.put("branchPatterns", repo.config().branches());
        m.put("defaultBranch", repo.mirror().defaultBranch().orElse(null));
        List<Map<String, String>> branches = new ArrayList<>();
        for (BranchHead h : repo.mirror().branches()) {
            branches.add(Map.of("name", h.branch(), "commit", h.commit()));
        }
        m.put("branches", branches);
        m.put("lastFetchAt", RunJson.time(repo.lastFetchAt()));
        m.put("lastFetchError", repo.lastError());
        return m;
    }

    private ApiResponse workflows(ApiRequest r) throws Exception {
        WatchedRepository repo = repositories.get(r.param("name"));
        String branch = r.queryParam("branch").or(() -> repo.mirror().defaultBranch()).orElseThrow(() ->
                ApiException.notFound("repository '" + repo.name() + "' has no branches yet"));
        String commit = repo.mirror().head(branch).orElseThrow(() -> ApiException.notFound("repository '"
                + repo.name() + "' has no branch '" + branch + "'"));
        List<Map<String, Object>> list = new ArrayList<>();
        for (TriggerDispatch.WorkflowAtCommit w : dispatch.workflows(repo, commit)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", w.file().path());
            m.put("name", w.loaded().workflow() == null ? null : w.loaded().workflow().name());
            m.put("valid", w.loaded().workflow() != null && !w.loaded().hasErrors());
            m.put("runMode", w.loaded().workflow() == null ? null : w.loaded().workflow().runMode() == null
                    ? "QUEUED" : w.loaded().workflow().runMode().name());
            m.put("triggers", w.loaded().workflow() == null ? List.of() : w.loaded().workflow().triggers().stream()
                    .map(Trigger::type).map(Enum::name).toList());
            m.put("diagnostics", w.loaded().diagnostics().stream().map(Diagnostic::format).toList());
            list.add(m);
        }
        return ApiResponse.ok(Map.of("repository", repo.name(), "branch", branch, "commit", commit,
                "workflows", list));
    }
}
