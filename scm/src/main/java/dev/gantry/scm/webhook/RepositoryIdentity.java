package dev.gantry.scm.webhook;

import org.eclipse.jgit.transport.URIish;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The repository a webhook is about, as its provider names it, so the server can check it is the repository the
 * endpoint's secret belongs to.
 *
 * @param fullName {@code owner/name} (GitLab: {@code path_with_namespace}; the generic hook: the configured name from
 *                 {@code X-Gantry-Repository}); "" when the payload has none
 * @param urls     its clone and web URLs as the payload gives them (https, ssh, web page), possibly empty
 */
public record RepositoryIdentity(String fullName, List<String> urls) {
    private static final String LOCAL = "local:";

    public RepositoryIdentity {
        Objects.requireNonNull(fullName, "fullName");
        urls = urls.stream().filter(Objects::nonNull).filter(u -> !u.isBlank()).distinct().toList();
    }

    /** No identity in the payload (the endpoint's path names the repository). */
    public static RepositoryIdentity unnamed() {
        return new RepositoryIdentity("", List.of());
    }

    /** Whether the payload names no repository at all. */
    public boolean isUnnamed() {
        return fullName.isBlank() && urls.isEmpty();
    }

    /**
     * Whether this is the repository configured as {@code name} at {@code url}: one of the payload's URLs is the
     * configured URL (compared without scheme, user, port, case, trailing {@code /} or {@code .git}, so the https,
     * ssh and web addresses of one repository all match), or the full name is the configured URL's path
     * ({@code https://gitlab.example.com/group/app.git} is {@code group/app}; a local {@code /srv/git/group/app.git}
     * ends with it), or the full name is the configured name (the generic hook's {@code X-Gantry-Repository}). A
     * payload naming nothing matches: the endpoint's path and secret name the repository.
     */
    public boolean isConfiguredAs(String name, String url) {
        if (isUnnamed()) {
            return true;
        }
        Optional<String> configured = key(url);
        if (configured.isPresent() && urls.stream().map(RepositoryIdentity::key)
                .anyMatch(k -> k.equals(configured))) {
            return true;
        }
        if (fullName.isBlank()) {
            return false;
        }
        if (fullName.equals(name)) {
            return true;
        }
        String wanted = trimmed(fullName.toLowerCase(Locale.ROOT));
        return configured.map(k -> k.startsWith(LOCAL) ? k.toLowerCase(Locale.ROOT).endsWith("/" + wanted)
                : k.substring(k.indexOf('/') + 1).equals(wanted)).orElse(false);
    }

    /** How the payload names the repository, for a message: its full name and first URL. */
    public String describe() {
        String url = urls.isEmpty() ? "" : urls.get(0);
        if (fullName.isBlank()) {
            return "'" + PayloadFields.shorten(url) + "'";
        }
        return "'" + PayloadFields.shorten(fullName) + "'" + (url.isEmpty() ? "" : " (" + PayloadFields.shorten(url)
                + ")");
    }

    /**
     * A comparable form of a repository address: {@code host/path} for a remote one (lower case, no scheme, user,
     * port, trailing slash or {@code .git}); {@code local:/absolute/path} for a path or {@code file://} URL.
     */
    static Optional<String> key(String url) {
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        try {
            URIish u = new URIish(url.trim());
            String path = u.getPath() == null ? "" : u.getPath();
            if (u.getHost() == null || u.getHost().isEmpty()) {
                if (path.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(LOCAL + trimmed(Path.of(path).toAbsolutePath().normalize().toString()));
            }
            String remote = trimmed(path.toLowerCase(Locale.ROOT));
            while (remote.startsWith("/") || remote.startsWith("~")) {
                remote = remote.substring(1);
            }
            return Optional.of(u.getHost().toLowerCase(Locale.ROOT) + "/" + remote);
        } catch (URISyntaxException | java.nio.file.InvalidPathException e) {
            return Optional.empty();
        }
    }

    private static String trimmed(String path) {
        String p = path;
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.endsWith(".git")) {
            p = p.substring(0, p.length() - 4);
        }
        return p;
    }
}
