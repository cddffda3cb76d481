package dev.gantry.scm.webhook;

import java.util.List;
import java.util.Objects;

/**
 * The repository a webhook is about, as its provider names it, so the server can find the repository it watches.
 *
 * @param fullName {@code owner/name} (GitLab: {@code path_with_namespace}); "" when the payload has none (generic)
 * @param urls     its clone and web URLs as the payload gives them (https, ssh, web page), possibly empty
 */
public record RepositoryIdentity(String fullName, List<String> urls) {
    public RepositoryIdentity {
        Objects.requireNonNull(fullName, "fullName");
        urls = urls.stream().filter(Objects::nonNull).filter(u -> !u.isBlank()).distinct().toList();
    }

    /** No identity in the payload (the endpoint's path names the repository). */
    public static RepositoryIdentity unnamed() {
        return new RepositoryIdentity("", List.of());
    }
}
