package dev.gantry.scm.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.engine.trigger.ChangedFiles;
import dev.gantry.engine.trigger.PullRequestAction;
import dev.gantry.engine.trigger.PullRequestEvent;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * GitLab's {@code Push Hook} ({@code ref}, {@code before}, {@code after}, {@code project}) and
 * {@code Merge Request Hook} ({@code object_attributes.iid/action/source_branch/target_branch/last_commit.id/
 * oldrev/draft}, {@code project}).
 *
 * <p>Merge request actions: {@code open}/{@code reopen} count as OPEN (a draft opened as DRAFT); {@code update}
 * with {@code oldrev} (new commits pushed) as REVISION, and one that marks a draft ready ({@code changes.draft} to
 * false) as OPEN; {@code close} as CLOSED; {@code merge} as MERGED and CLOSED; the others (approved, an edited
 * title) start nothing.
 */
final class GitLabPayloads {
    private final WebhookReader reader;

    GitLabPayloads(WebhookReader reader) {
        this.reader = reader;
    }

    WebhookOutcome read(WebhookRequest request) throws WebhookReader.MalformedPayload {
        String deliveryId = WebhookReader.deliveryId(request, "Idempotency-Key", "X-Gitlab-Event-UUID");
        String event = request.header("X-Gitlab-Event").orElse("");
        return switch (event) {
            case "Push Hook" -> push(request, deliveryId);
            case "Merge Request Hook" -> mergeRequest(request, deliveryId);
            default -> new WebhookOutcome.Ignored(WebhookProvider.GITLAB, deliveryId, "event '"
                    + PayloadFields.shorten(event) + "' starts nothing (Gantry acts on Push Hook and Merge Request "
                    + "Hook)");
        };
    }

    private WebhookOutcome push(WebhookRequest request, String deliveryId) throws WebhookReader.MalformedPayload {
        JsonNode root = reader.json(request);
        return PayloadFields.push(root, WebhookProvider.GITLAB, deliveryId, project(root));
    }

    private WebhookOutcome mergeRequest(WebhookRequest request, String deliveryId)
            throws WebhookReader.MalformedPayload {
        JsonNode root = reader.json(request);
        JsonNode mr = root.path("object_attributes");
        String action = PayloadFields.text(root, "object_attributes.action");
        boolean draft = mr.path("draft").asBoolean(mr.path("work_in_progress").asBoolean(false));
        boolean markedReady = PayloadFields.at(root, "changes.draft.current").isBoolean()
                && !PayloadFields.at(root, "changes.draft.current").asBoolean();
        Set<PullRequestAction> actions = switch (action) {
            case "open", "reopen" -> draft ? EnumSet.of(PullRequestAction.DRAFT) : EnumSet.of(PullRequestAction.OPEN);
            case "update" -> mr.hasNonNull("oldrev") ? EnumSet.of(PullRequestAction.REVISION)
                    : markedReady ? EnumSet.of(PullRequestAction.OPEN) : EnumSet.noneOf(PullRequestAction.class);
            case "close" -> EnumSet.of(PullRequestAction.CLOSED);
            case "merge" -> EnumSet.of(PullRequestAction.MERGED, PullRequestAction.CLOSED);
            default -> EnumSet.noneOf(PullRequestAction.class);
        };
        if (actions.isEmpty()) {
            return new WebhookOutcome.Ignored(WebhookProvider.GITLAB, deliveryId, "merge request action '"
                    + PayloadFields.shorten(action) + "'" + ("update".equals(action) ? " without new commits" : "")
                    + " starts nothing");
        }
        String number = PayloadFields.optional(root, "object_attributes.iid").orElse("");
        String source = PayloadFields.text(root, "object_attributes.source_branch");
        String destination = PayloadFields.text(root, "object_attributes.target_branch");
        Optional<String> sha = PayloadFields.optional(root, "object_attributes.last_commit.id");
        String commit = sha.isPresent() ? PayloadFields.commitOrNull(sha.get(), "'object_attributes.last_commit.id'")
                : null;
        return new WebhookOutcome.Accepted(WebhookProvider.GITLAB, deliveryId, project(root), List.of(
                new PullRequestEvent(number, actions, source, destination, commit, ChangedFiles.unknown())));
    }

    private static RepositoryIdentity project(JsonNode root) {
        JsonNode p = root.path("project");
        return new RepositoryIdentity(p.path("path_with_namespace").asText(""), List.of(
                p.path("git_http_url").asText(""), p.path("git_ssh_url").asText(""), p.path("web_url").asText("")));
    }
}
