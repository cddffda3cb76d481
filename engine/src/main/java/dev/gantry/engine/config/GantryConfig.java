package dev.gantry.engine.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Gantry configuration ({@code gantry.yaml}, {@code ~/.config/gantry/config.yaml}, {@code --config FILE}):
 * how workflow environments get AWS credentials, where secrets come from, which runners exist and where the cache
 * lives. Loaded with line:column diagnostics by {@code dev.gantry.dsl.config.ConfigLoader}.
 *
 * <p>Several files combine with {@link #overriddenBy}: a later file's keys replace an earlier file's, down to the
 * fields of one environment (and one connection), of {@code secrets.secretsManager} and of {@code cache}; a runner
 * is replaced whole by a later runner of the same name.
 *
 * @param environments   by workflow environment name, in file order
 * @param secretsManager Secrets Manager as a secret source, or {@code null} when not configured
 * @param runners        configured runners, in file order; empty: the defaults
 * @param cache          the cache settings, or {@code null} for the defaults
 * @param githubActions  where GitHub {@code uses:} actions come from, or {@code null} for the defaults
 * @param server         the {@code server:} section for {@code gantry serve}, or {@code null} (replaced whole by a
 *                       later file's)
 * @param actions        custom (ADK) actions mapped to a folder or git repository, by identifier, in file order
 * @param images         the image settings ({@code images:}), or {@code null} for the defaults
 * @param npmRepositories {@code packages.npm}: the workflows' npm {@code PackagesRepository} names mapped to a
 *                       registry and its token, by name, in file order
 */
public record GantryConfig(Map<String, EnvironmentConfig> environments, SecretsManagerConfig secretsManager,
                           List<RunnerConfig> runners, CacheConfig cache, GithubActionsConfig githubActions,
                           ServerConfig server, Map<String, CustomActionConfig> actions, ImagesConfig images,
                           Map<String, NpmRepositoryConfig> npmRepositories) {
    /** No configuration at all. */
    public static final GantryConfig EMPTY = new GantryConfig(Map.of(), null, List.of(), null);

    public GantryConfig {
        environments = Collections.unmodifiableMap(new LinkedHashMap<>(environments));
        runners = List.copyOf(runners);
        actions = Collections.unmodifiableMap(new LinkedHashMap<>(actions));
        npmRepositories = Collections.unmodifiableMap(new LinkedHashMap<>(npmRepositories));
    }

    /** A configuration without a {@code packages:} section. */
    public GantryConfig(Map<String, EnvironmentConfig> environments, SecretsManagerConfig secretsManager,
                        List<RunnerConfig> runners, CacheConfig cache, GithubActionsConfig githubActions,
                        ServerConfig server, Map<String, CustomActionConfig> actions, ImagesConfig images) {
        this(environments, secretsManager, runners, cache, githubActions, server, actions, images, Map.of());
    }

    /** A configuration without an {@code images:} section. */
    public GantryConfig(Map<String, EnvironmentConfig> environments, SecretsManagerConfig secretsManager,
                        List<RunnerConfig> runners, CacheConfig cache, GithubActionsConfig githubActions,
                        ServerConfig server, Map<String, CustomActionConfig> actions) {
        this(environments, secretsManager, runners, cache, githubActions, server, actions, null);
    }

    /** A configuration that maps no custom action. */
    public GantryConfig(Map<String, EnvironmentConfig> environments, SecretsManagerConfig secretsManager,
                        List<RunnerConfig> runners, CacheConfig cache, GithubActionsConfig githubActions,
                        ServerConfig server) {
        this(environments, secretsManager, runners, cache, githubActions, server, Map.of(), null);
    }

    /**
     * Where the custom action {@code identifier} ({@code owner/name@v1}) is mapped: the entry for exactly that
     * identifier, else the entry for its name without the version.
     */
    public Optional<CustomActionConfig> customAction(String identifier) {
        CustomActionConfig exact = actions.get(identifier);
        if (exact != null) {
            return Optional.of(exact);
        }
        int at = identifier.indexOf('@');
        return at < 0 ? Optional.empty() : Optional.ofNullable(actions.get(identifier.substring(0, at)));
    }

    /** A configuration without a {@code githubActions} section and no custom action. */
    public GantryConfig(Map<String, EnvironmentConfig> environments, SecretsManagerConfig secretsManager,
                        List<RunnerConfig> runners, CacheConfig cache) {
        this(environments, secretsManager, runners, cache, null, null, Map.of(), null);
    }

    /** A configuration without a {@code server:} section. */
    public GantryConfig(Map<String, EnvironmentConfig> environments, SecretsManagerConfig secretsManager,
                        List<RunnerConfig> runners, CacheConfig cache, GithubActionsConfig githubActions) {
        this(environments, secretsManager, runners, cache, githubActions, null, Map.of(), null);
    }

    /** The configuration of the workflow environment {@code name}, if it is mapped. */
    public Optional<EnvironmentConfig> environment(String name) {
        return Optional.ofNullable(environments.get(name));
    }

    /** The Secrets Manager source, if configured. */
    public Optional<SecretsManagerConfig> secretsManagerSource() {
        return Optional.ofNullable(secretsManager);
    }

    /** The runner called {@code name}, if configured. */
    public Optional<RunnerConfig> runner(String name) {
        return runners.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** This configuration with {@code later}'s keys replacing ours (see the type's description). */
    public GantryConfig overriddenBy(GantryConfig later) {
        Map<String, EnvironmentConfig> envs = new LinkedHashMap<>(environments);
        later.environments.forEach((name, env) -> envs.merge(name, env, EnvironmentConfig::overriddenBy));
        List<RunnerConfig> merged = new ArrayList<>(runners);
        for (RunnerConfig r : later.runners) {
            int i = indexOf(merged, r.name());
            if (i >= 0) {
                merged.set(i, r);
            } else {
                merged.add(r);
            }
        }
        Map<String, CustomActionConfig> mapped = merged(actions, later.actions);
        return new GantryConfig(envs, mergeNullable(secretsManager, later.secretsManager), merged,
                cache == null ? later.cache : later.cache == null ? cache : cache.overriddenBy(later.cache),
                githubActions == null ? later.githubActions : later.githubActions == null ? githubActions
                        : githubActions.overriddenBy(later.githubActions),
                later.server != null ? later.server : server, mapped,
                images == null ? later.images : later.images == null ? images : images.overriddenBy(later.images),
                merged(npmRepositories, later.npmRepositories));
    }

    /** This configuration with environment {@code name}'s base credentials from {@code profile} (the flag). */
    public GantryConfig withEnvironmentProfile(String name, String profile) {
        Map<String, EnvironmentConfig> envs = new LinkedHashMap<>(environments);
        envs.merge(name, EnvironmentConfig.ofProfile(name, profile), (old, flag) -> old.withProfile(profile));
        return new GantryConfig(envs, secretsManager, runners, cache, githubActions, server, actions, images,
                npmRepositories);
    }

    private static <V> Map<String, V> merged(Map<String, V> earlier, Map<String, V> later) {
        Map<String, V> m = new LinkedHashMap<>(earlier);
        m.putAll(later);
        return m;
    }

    /** The {@code server:} section, if any file has one. */
    public Optional<ServerConfig> serverSection() {
        return Optional.ofNullable(server);
    }

    private static SecretsManagerConfig mergeNullable(SecretsManagerConfig a, SecretsManagerConfig b) {
        return a == null ? b : b == null ? a : a.overriddenBy(b);
    }

    private static int indexOf(List<RunnerConfig> runners, String name) {
        for (int i = 0; i < runners.size(); i++) {
            if (runners.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
