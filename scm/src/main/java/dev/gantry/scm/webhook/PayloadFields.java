package dev.gantry.scm.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.engine.trigger.ChangedFiles;
import dev.gantry.engine.trigger.PushEvent;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reading the fields every provider's JSON shares: dotted paths, commit ids, branch refs; a reason when absent. */
final class PayloadFields {
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
    private static final Pattern ZEROS = Pattern.compile("0+");
    private static final String HEADS = "refs/heads/";
    /** Git refuses longer ref names on most systems; a longer one is not a branch we could have. */
    private static final int MAX_REF = 1024;

    private PayloadFields() {
    }

    /** The node at a dotted path ({@code pull_request.head.ref}), or a missing node. */
    static JsonNode at(JsonNode root, String path) {
        JsonNode node = root;
        for (String part : path.split("\\.")) {
            node = node.path(part);
        }
        return node;
    }

    /** A text field that must be there. */
    static String text(JsonNode root, String path) throws WebhookReader.MalformedPayload {
        JsonNode node = at(root, path);
        if (!node.isTextual() && !node.isNumber()) {
            throw new WebhookReader.MalformedPayload("the payload has no '" + path + "'");
        }
        return node.asText();
    }

    /** A text field that may be absent. */
    static Optional<String> optional(JsonNode root, String path) {
        JsonNode node = at(root, path);
        return node.isTextual() || node.isNumber() ? Optional.of(node.asText()) : Optional.empty();
    }

    /** A commit id, or {@code null} for git's all-zero "no commit" (a new or deleted branch). */
    static String commit(JsonNode root, String path) throws WebhookReader.MalformedPayload {
        return commitOrNull(text(root, path), "'" + path + "'");
    }

    /** {@code id} as a commit id, {@code null} for all zeros. */
    static String commitOrNull(String id, String what) throws WebhookReader.MalformedPayload {
        if (ZEROS.matcher(id).matches()) {
            return null;
        }
        if (!COMMIT.matcher(id).matches()) {
            throw new WebhookReader.MalformedPayload(what + " is not a commit id: '" + shorten(id) + "'");
        }
        return id;
    }

    /** The branch a {@code refs/heads/...} ref names; empty for tags and other refs. */
    static Optional<String> branch(String ref) throws WebhookReader.MalformedPayload {
        if (ref.length() > MAX_REF) {
            throw new WebhookReader.MalformedPayload("the ref is " + ref.length() + " characters long");
        }
        return ref.startsWith(HEADS) && ref.length() > HEADS.length() ? Optional.of(ref.substring(HEADS.length()))
                : Optional.empty();
    }

    /** A value shortened for a message. */
    static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    /**
     * A push payload as GitHub, Gitea and GitLab all shape it: {@code ref}, {@code before}, {@code after} (all zeros
     * for a new or deleted branch) and, on GitHub, {@code forced}. A push to a tag or another ref starts nothing.
     */
    static WebhookOutcome push(JsonNode root, WebhookProvider provider, String deliveryId,
                               RepositoryIdentity repository) throws WebhookReader.MalformedPayload {
        String ref = text(root, "ref");
        Optional<String> branch = branch(ref);
        if (branch.isEmpty()) {
            return new WebhookOutcome.Ignored(provider, deliveryId, "a push to '" + shorten(ref)
                    + "' (not a branch) starts nothing");
        }
        return new WebhookOutcome.Accepted(provider, deliveryId, repository, List.of(new PushEvent(branch.get(),
                commit(root, "before"), commit(root, "after"), root.path("forced").asBoolean(false),
                ChangedFiles.unknown())));
    }
}
