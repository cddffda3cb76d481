package dev.gantry.actions.gha;

/**
 * A {@code uses:} value naming an action in a repository: {@code owner/repo[/path]@ref}.
 *
 * @param owner the repository owner
 * @param repo  the repository name
 * @param path  the folder inside the repository, or empty
 * @param ref   the branch, tag or commit
 */
public record ActionRef(String owner, String repo, String path, String ref) {
    private static final java.util.regex.Pattern FORM =
            java.util.regex.Pattern.compile("([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+)((?:/[A-Za-z0-9_.-]+)*)@([^\\s@]+)");

    /** The reference in {@code uses}, or {@code null} when it is not of this form (local path, docker://). */
    public static ActionRef parse(String uses) {
        java.util.regex.Matcher m = FORM.matcher(uses.strip());
        if (!m.matches() || m.group(3).contains("/..") || m.group(3).contains("/./")) {
            return null;
        }
        return new ActionRef(m.group(1), m.group(2), m.group(3).isEmpty() ? "" : m.group(3).substring(1), m.group(4));
    }

    /** {@code owner/repo}. */
    public String repository() {
        return owner + "/" + repo;
    }

    @Override
    public String toString() {
        return repository() + (path.isEmpty() ? "" : "/" + path) + "@" + ref;
    }
}
