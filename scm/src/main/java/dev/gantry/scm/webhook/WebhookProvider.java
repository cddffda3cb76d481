package dev.gantry.scm.webhook;

import java.util.Optional;

/**
 * Who sent a webhook, and so how it is signed and shaped.
 *
 * <ul>
 *   <li>GITHUB: {@code X-GitHub-Event} {@code push}/{@code pull_request}, signed by {@code X-Hub-Signature-256:
 *       sha256=HEX} (HMAC-SHA256 of the body with the secret), delivery id {@code X-GitHub-Delivery};</li>
 *   <li>GITLAB: {@code X-Gitlab-Event} {@code Push Hook}/{@code Merge Request Hook}, the secret itself in
 *       {@code X-Gitlab-Token}, delivery id {@code Idempotency-Key} (same across retries) or
 *       {@code X-Gitlab-Event-UUID};</li>
 *   <li>GITEA (and Forgejo): {@code X-Gitea-Event}/{@code X-Forgejo-Event} {@code push}/{@code pull_request},
 *       {@code X-Gitea-Signature}/{@code X-Forgejo-Signature: HEX} (HMAC-SHA256), delivery id
 *       {@code X-Gitea-Delivery}/{@code X-Forgejo-Delivery};</li>
 *   <li>GENERIC: a git {@code post-receive} hook's own lines ({@code OLD NEW REF} per line, as git gives them on
 *       standard input), with {@code Authorization: Bearer TOKEN} (or {@code X-Gantry-Token}) and delivery id
 *       {@code X-Gantry-Delivery}; see {@code examples/post-receive}.</li>
 * </ul>
 */
public enum WebhookProvider {
    GITHUB, GITLAB, GITEA, GENERIC;

    /**
     * The provider a request's headers name. Gitea also sends GitHub's headers, so its own are looked at first;
     * a request naming none of them is GENERIC.
     */
    public static WebhookProvider detect(WebhookRequest request) {
        if (request.header("X-Gitea-Event").isPresent() || request.header("X-Forgejo-Event").isPresent()) {
            return GITEA;
        }
        if (request.header("X-Gitlab-Event").isPresent()) {
            return GITLAB;
        }
        if (request.header("X-GitHub-Event").isPresent()) {
            return GITHUB;
        }
        return GENERIC;
    }

    /**
     * The ref under which this provider keeps a pull request's source commit in the destination repository (also
     * for pull requests from forks): {@code refs/pull/N/head} (GitHub, Gitea), {@code refs/merge-requests/N/head}
     * (GitLab); empty for the generic endpoint or a number that is not one. Fetch it with
     * {@link dev.gantry.scm.git.RepositoryMirror#fetchRef} when the source branch is not in the mirror.
     */
    public Optional<String> pullRequestRef(String number) {
        if (number == null || !number.matches("[0-9]{1,12}")) {
            return Optional.empty();
        }
        return switch (this) {
            case GITHUB, GITEA -> Optional.of("refs/pull/" + number + "/head");
            case GITLAB -> Optional.of("refs/merge-requests/" + number + "/head");
            case GENERIC -> Optional.empty();
        };
    }

    /** The provider named {@code name} (any case): github, gitlab, gitea, forgejo, generic. */
    public static Optional<WebhookProvider> named(String name) {
        return switch (name == null ? "" : name.toLowerCase(java.util.Locale.ROOT)) {
            case "github" -> Optional.of(GITHUB);
            case "gitlab" -> Optional.of(GITLAB);
            case "gitea", "forgejo" -> Optional.of(GITEA);
            case "generic", "post-receive" -> Optional.of(GENERIC);
            default -> Optional.empty();
        };
    }
}
