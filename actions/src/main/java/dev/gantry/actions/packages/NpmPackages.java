package dev.gantry.actions.packages;

import dev.gantry.engine.config.NpmRepositoryConfig;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Packages;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an action's {@code Packages.NpmConfiguration} means here: each {@code PackagesRepository} is looked up in
 * {@code gantry.yaml} ({@code packages.npm.<name>: {registry, tokenSecret}}) and becomes a line of the action's npm
 * user configuration: {@code registry=} for the default registry (the last repository without {@code Scopes}),
 * {@code @scope:registry=} per scope (the last listing wins), and {@code //host/path/:_authToken=${GANTRY_NPM_TOKEN_n}}
 * per registry with a token. The token itself is never in the file: npm reads {@code ${NAME}} from the environment,
 * and the token reaches the steps as the variable {@code GANTRY_NPM_TOKEN_n} (a secret, masked).
 *
 * @param repositories the configured repositories, by name
 * @param secrets      the run's secrets, by name
 */
public record NpmPackages(Map<String, NpmRepositoryConfig> repositories, Map<String, String> secrets) {
    /** Prefix of the variables that carry the tokens. */
    public static final String TOKEN_VARIABLE = "GANTRY_NPM_TOKEN_";
    /** An npm scope (the workflow writes it, and it becomes a line of the file). */
    private static final java.util.regex.Pattern SCOPE = java.util.regex.Pattern.compile("@[A-Za-z0-9._-]{1,214}");

    public NpmPackages {
        repositories = Map.copyOf(repositories);
        secrets = Map.copyOf(secrets);
    }

    /**
     * The npm configuration of one action.
     *
     * @param npmrc     the text of the {@code .npmrc} (no secret in it)
     * @param variables the token variables the file refers to, name to token
     * @param exported  the token {@code ExportAuthorizationToken} gives the steps
     *                  ({@code CATALYST_PACKAGES_AUTHORIZATION_TOKEN}), or {@code null}
     */
    public record Setup(String npmrc, Map<String, String> variables, String exported) {
    }

    /** Why {@code action}'s {@code Packages} cannot be set up here (empty when it can, or has none). */
    public List<String> problems(String actionId, Action action) {
        List<String> problems = new ArrayList<>();
        Optional<Packages> packages = Packages.of(action.configuration());
        if (packages.isEmpty()) {
            return problems;
        }
        for (Packages.NpmRegistry r : packages.get().npmRegistries()) {
            r.scopes().stream().filter(scope -> !SCOPE.matcher(scope).matches()).forEach(scope -> problems.add(
                    "action " + actionId + ": npm scope '" + scope.replaceAll("\\p{Cntrl}", "?") + "' is not a scope "
                            + "(@ then letters, digits, '-', '_' or '.')"));
            NpmRepositoryConfig c = repositories.get(r.repository());
            if (c == null) {
                problems.add("action " + actionId + " installs npm packages from repository " + r.repository()
                        + ", which is not mapped: add it to gantry.yaml as packages: {npm: {" + r.repository()
                        + ": {registry: https://..., tokenSecret: NAME}}}");
            } else if (c.tokenSecret() != null && !secrets.containsKey(c.tokenSecret())) {
                problems.add("action " + actionId + ": the token of npm repository " + r.repository() + " is secret "
                        + c.tokenSecret() + " (" + c.origin().format() + "), which is not given: --secret "
                        + c.tokenSecret() + "=..., --secrets-file or GANTRY_SECRET_" + c.tokenSecret());
            }
        }
        return problems;
    }

    /** The npm configuration of {@code action}, if it has {@code Packages} (call {@link #problems} first). */
    public Optional<Setup> setup(Action action) {
        Optional<Packages> packages = Packages.of(action.configuration());
        if (packages.isEmpty()) {
            return Optional.empty();
        }
        Packages p = packages.get();
        StringBuilder npmrc = new StringBuilder("# written by Gantry for this action's Packages; removed when it ends\n");
        p.defaultRepository().map(repositories::get).ifPresent(c -> npmrc.append("registry=").append(url(c))
                .append('\n'));
        p.scopedRepositories().forEach((scope, repo) -> {
            NpmRepositoryConfig c = repositories.get(repo);
            if (c != null && SCOPE.matcher(scope).matches()) { // never a line of the file's own making
                npmrc.append(scope).append(":registry=").append(url(c)).append('\n');
            }
        });
        Map<String, String> variables = new LinkedHashMap<>();
        Map<String, String> variableOfRegistry = new LinkedHashMap<>();
        for (Packages.NpmRegistry r : p.npmRegistries()) {
            NpmRepositoryConfig c = repositories.get(r.repository());
            String token = c == null || c.tokenSecret() == null ? null : secrets.get(c.tokenSecret());
            if (token == null || variableOfRegistry.containsKey(nerfDart(url(c)))) {
                continue;
            }
            String name = TOKEN_VARIABLE + (variables.size() + 1);
            variables.put(name, token);
            variableOfRegistry.put(nerfDart(url(c)), name);
            npmrc.append(nerfDart(url(c))).append(":_authToken=${").append(name).append("}\n");
        }
        String exported = null;
        if (p.exportAuthorizationToken()) {
            String repo = p.defaultRepository().orElse(p.npmRegistries().isEmpty() ? null
                    : p.npmRegistries().get(0).repository());
            NpmRepositoryConfig c = repo == null ? null : repositories.get(repo);
            exported = c == null || c.tokenSecret() == null ? null : secrets.get(c.tokenSecret());
        }
        return Optional.of(new Setup(npmrc.toString(), variables, exported));
    }

    /** The registry's URL as a folder (ending in {@code /}, as npm joins package names to it). */
    private static String url(NpmRepositoryConfig c) {
        return c.registry().endsWith("/") ? c.registry() : c.registry() + "/";
    }

    /**
     * npm's key for a registry's credentials: {@code //host[:port]/path/} (the URL without its scheme, ending in
     * {@code /}).
     */
    static String nerfDart(String registry) {
        URI u = URI.create(registry);
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        if (!path.endsWith("/")) {
            path = path.substring(0, path.lastIndexOf('/') + 1);
        }
        return "//" + u.getRawAuthority() + path;
    }
}
