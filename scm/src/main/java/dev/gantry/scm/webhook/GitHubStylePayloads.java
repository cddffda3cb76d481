package dev.gantry.scm.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.engine.trigger.PullRequestAction;
import dev.gantry.engine.trigger.PullRequestEvent;
import dev.gantry.engine.trigger.ChangedFiles;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * GitHub's {@code push} and {@code pull_request} payloads, and Gitea's/Forgejo's, which copy their shape: {@code ref},
 * {@code before}, {@code after} (all zeros for a new/deleted branch), {@code forced} (GitHub only);
 * {@code action}, {@code number}, {@code pull_request.head.ref/sha}, {@code pull_request.base.ref},
 * {@code pull_request.draft}, {@code pull_request.merged}; {@code repository.full_name}, {@code clone_url},
 * {@code ssh_url}, {@code html_url}.
 *
 * <p>Pull request actions: {@code opened}/{@code reopened}/{@code ready_for_review} count as OPEN (and REVISION),
 * a draft opened as DRAFT, {@code converted_to_draft} as DRAFT, {@code synchronize} (Gitea: {@code synchronized})
 * as REVISION, {@code closed} as CLOSED (and MERGED when merged); the others (edited, labeled, ...) start nothing.
 */
final class GitHubStylePayloads {
    private final WebhookReader reader;
    private final WebhookProvider provider;

    GitHubStylePayloads(WebhookReader reader, WebhookProvider provider) {
        this.reader = reader;
        this.provider = provider;
    }

    WebhookOutcome read(WebhookRequest request, String event, String deliveryId)
            throws WebhookReader.MalformedPayload {
        switch (event) {
            case "push":
                return push(request, deliveryId);
            case "pull_request", "pull_request_sync":
                return pullRequest(request, deliveryId);
            case "ping":
                reader.json(request);
                return new WebhookOutcome.Ignored(provider, deliveryId, "ping: the webhook reaches Gantry");
            default:
                return new WebhookOutcome.Ignored(provider, deliveryId, "event '" + PayloadFields.shorten(event)
                        + "' starts nothing (Gantry acts on push and pull_request)");
        }
    }

    private WebhookOutcome push(WebhookRequest request, String deliveryId) throws WebhookReader.MalformedPayload {
        JsonNode root = reader.json(request);
        return PayloadFields.push(root, provider, deliveryId, repository(root));
    }

    private WebhookOutcome pullRequest(WebhookRequest request, String deliveryId)
            throws WebhookReader.MalformedPayload {
        JsonNode root = reader.json(request);
        String action = PayloadFields.text(root, "action");
        boolean draft = PayloadFields.at(root, "pull_request.draft").asBoolean(false);
        boolean merged = PayloadFields.at(root, "pull_request.merged").asBoolean(false);
        Set<PullRequestAction> actions = switch (action) {
            case "opened" -> draft ? EnumSet.of(PullRequestAction.DRAFT) : EnumSet.of(PullRequestAction.OPEN);
            case "reopened", "ready_for_review" -> EnumSet.of(PullRequestAction.OPEN);
            case "converted_to_draft" -> EnumSet.of(PullRequestAction.DRAFT);
            case "synchronize", "synchronized" -> EnumSet.of(PullRequestAction.REVISION);
            case "closed" -> merged ? EnumSet.of(PullRequestAction.MERGED, PullRequestAction.CLOSED)
                    : EnumSet.of(PullRequestAction.CLOSED);
            default -> EnumSet.noneOf(PullRequestAction.class);
        };
        if (actions.isEmpty()) {
            return new WebhookOutcome.Ignored(provider, deliveryId, "pull request action '"
                    + PayloadFields.shorten(action) + "' starts nothing");
        }
        String number = PayloadFields.optional(root, "number")
                .or(() -> PayloadFields.optional(root, "pull_request.number")).orElse("");
        String source = PayloadFields.text(root, "pull_request.head.ref");
        String destination = PayloadFields.text(root, "pull_request.base.ref");
        String sha = PayloadFields.commit(root, "pull_request.head.sha");
        return new WebhookOutcome.Accepted(provider, deliveryId, repository(root), List.of(new PullRequestEvent(
                number, actions, source, destination, sha, ChangedFiles.unknown())));
    }

    private static RepositoryIdentity repository(JsonNode root) {
        JsonNode repo = root.path("repository");
        return new RepositoryIdentity(repo.path("full_name").asText(""), List.of(repo.path("clone_url").asText(""),
                repo.path("ssh_url").asText(""), repo.path("html_url").asText("")));
    }
}
