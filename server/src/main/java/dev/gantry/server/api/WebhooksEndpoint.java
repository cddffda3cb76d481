package dev.gantry.server.api;

import dev.gantry.engine.trigger.PullRequestEvent;
import dev.gantry.engine.trigger.PushEvent;
import dev.gantry.engine.trigger.TriggerEvent;
import dev.gantry.scm.git.RepositoryMirror;
import dev.gantry.scm.webhook.WebhookOutcome;
import dev.gantry.scm.webhook.WebhookProvider;
import dev.gantry.scm.webhook.WebhookReader;
import dev.gantry.scm.webhook.WebhookRequest;
import dev.gantry.server.EventLog;
import dev.gantry.server.ServerMetrics;
import dev.gantry.server.http.ApiException;
import dev.gantry.server.http.ApiRequest;
import dev.gantry.server.http.ApiResponse;
import dev.gantry.server.http.Route;
import dev.gantry.server.latency.StartPhase;
import dev.gantry.server.latency.StartTimeline;
import dev.gantry.server.repo.Repositories;
import dev.gantry.server.repo.WatchedRepository;
import dev.gantry.server.trigger.RepositoryUpdates;
import dev.gantry.server.webhook.DeliveryLog;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

/**
 * {@code POST /api/webhooks/{repository}}: GitHub, GitLab, Gitea/Forgejo and the generic post-receive hook. The
 * delivery is verified (constant-time signature or token check by the scm module), its delivery id remembered (a
 * redelivery starts nothing twice), the repository it names checked against the configured one (a delivery signed
 * with this repository's secret but naming another starts nothing), and answered 202 at once; the fetch and the runs
 * follow on another thread. Refusals are 401/400/413 with a reason, and a log line.
 */
public final class WebhooksEndpoint {
    private final Repositories repositories;
    private final WebhookReader reader;
    private final DeliveryLog deliveries;
    private final RepositoryUpdates updates;
    private final Executor background;
    private final EventLog log;
    private final ServerMetrics metrics;
    private final Clock clock;

    public WebhooksEndpoint(Repositories repositories, WebhookReader reader, DeliveryLog deliveries,
                            RepositoryUpdates updates, Executor background, EventLog log, ServerMetrics metrics,
                            Clock clock) {
        this.repositories = repositories;
        this.reader = reader;
        this.deliveries = deliveries;
        this.updates = updates;
        this.background = background;
        this.log = log;
        this.metrics = metrics;
        this.clock = clock;
    }

    public List<Route> routes() {
        return List.of(new Route("POST", "/api/webhooks/{repository}", null, this::receive));
    }

    private ApiResponse receive(ApiRequest r) {
        StartTimeline timeline = StartTimeline.begin("webhook");
        String name = r.param("repository");
        WatchedRepository repo = repositories.find(name).orElse(null);
        if (repo == null) {
            return refuse(name, "?", 404, "not-found", "no repository '" + name + "' is configured; nothing starts");
        }
        WebhookRequest request = new WebhookRequest(r.headers(), r.body());
        WebhookProvider provider = WebhookProvider.detect(request);
        WebhookProvider configured = repo.config().webhook() == null ? null
                : WebhookProvider.named(repo.config().webhook()).orElse(null);
        if (configured != null && provider != WebhookProvider.GENERIC && provider != configured) {
            return refuse(name, provider.name().toLowerCase(Locale.ROOT), 400, "bad-request", "repository '" + name
                    + "' takes " + repo.config().webhook() + " webhooks (and the generic hook), not "
                    + provider.name().toLowerCase(Locale.ROOT));
        }
        String providerName = provider.name().toLowerCase(Locale.ROOT);
        WebhookOutcome outcome = reader.read(provider, request, repo.secret().orElse(null));
        if (outcome instanceof WebhookOutcome.Rejected rejected) {
            return refuse(name, providerName, rejected.status(), rejected.status() == 401 ? "unauthorized"
                    : rejected.status() == 413 ? "too-large" : "bad-request", rejected.reason());
        }
        if (outcome instanceof WebhookOutcome.Ignored ignored) {
            metrics.webhook(providerName, "ignored");
            return ApiResponse.accepted(Map.of("ignored", ignored.reason()));
        }
        WebhookOutcome.Accepted accepted = (WebhookOutcome.Accepted) outcome;
        if (!accepted.repository().isConfiguredAs(repo.name(), repo.config().url())) {
            return refuse(name, providerName, 400, "wrong-repository", wrongRepository(repo, accepted));
        }
        if (!deliveries.firstTime(providerName, accepted.deliveryId(), clock.millis())) {
            metrics.webhook(providerName, "duplicate");
            log.log("webhook " + providerName + " for " + name + ": delivery " + accepted.deliveryId()
                    + " seen before; nothing starts");
            return new ApiResponse.Json(200, Map.of("duplicate", accepted.deliveryId()));
        }
        timeline.mark(StartPhase.DELIVERY_RECORDED);
        List<String> notKept = new ArrayList<>();
        List<PullRequestEvent> pullRequests = new ArrayList<>();
        boolean push = false;
        Map<String, String> announced = new LinkedHashMap<>();
        boolean deletes = false;
        for (TriggerEvent e : accepted.events()) {
            if (!kept(repo, e.workflowBranch()) && !(e instanceof PullRequestEvent)) {
                notKept.add(e.workflowBranch());
            } else if (e instanceof PullRequestEvent pr) {
                pullRequests.add(pr);
            } else if (e instanceof PushEvent p) {
                push = true;
                deletes |= p.after() == null;
                if (p.after() != null) {
                    announced.put(p.branch(), p.after());
                }
            }
        }
        Map<String, String> heads = deletes ? Map.of() : Map.copyOf(announced);
        boolean fetch = push;
        background.execute(() -> {
            if (fetch) {
                updates.fetchAndDispatch(repo, providerName + " webhook", heads, timeline);
            }
            pullRequests.forEach(pr -> updates.pullRequest(repo, pr, timeline));
        });
        metrics.webhook(providerName, "accepted");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accepted", accepted.deliveryId());
        body.put("events", accepted.events().size());
        if (!notKept.isEmpty()) {
            body.put("branchesNotKept", notKept);
            log.log("webhook " + providerName + " for " + name + ": branch(es) " + notKept + " are not kept by this "
                    + "server; nothing starts for them");
        }
        return ApiResponse.accepted(body);
    }

    /** Why a verified delivery naming another repository starts nothing, naming the one it may be meant for. */
    private String wrongRepository(WatchedRepository repo, WebhookOutcome.Accepted accepted) {
        String meant = repositories.all().stream().filter(other -> other != repo)
                .filter(other -> accepted.repository().isConfiguredAs(other.name(), other.config().url()))
                .map(other -> "; it is configured here as '" + other.name() + "': send its webhooks to "
                        + "/api/webhooks/" + other.name() + " with that repository's secret")
                .findFirst().orElse("; no repository configured here is that one");
        return "the delivery names repository " + accepted.repository().describe() + ", but '" + repo.name()
                + "' is " + RepositoryMirror.redacted(repo.config().url()) + meant + "; nothing starts";
    }

    private static boolean kept(WatchedRepository repo, String branch) {
        List<String> patterns = repo.config().branches();
        return patterns.isEmpty() || patterns.stream().anyMatch(p -> Pattern.matches(p, branch));
    }

    private ApiResponse refuse(String repository, String provider, int status, String code, String reason) {
        metrics.webhook(provider, "refused");
        log.log("webhook refused for repository '" + repository + "' (" + status + "): " + reason);
        throw new ApiException(status, code, reason);
    }
}
