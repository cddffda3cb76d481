package dev.gantry.engine.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the actions of GitHub {@code uses:} steps come from ({@code githubActions:} in {@code gantry.yaml}).
 *
 * @param cacheDir the action cache folder (resolved), or {@code null} for the default
 *                 ({@code ~/.cache/gantry/actions})
 * @param mirror   a URL prefix to fetch {@code owner/repo} from instead of {@code https://github.com/}, or
 *                 {@code null}
 * @param actions  {@code owner/repo} or {@code owner/repo@ref} to a local folder (used as it is) or a git
 *                 repository (a local path or a URL; fetched and kept by commit), in file order
 * @param origin   where it was configured
 */
public record GithubActionsConfig(Path cacheDir, String mirror, Map<String, String> actions, ConfigOrigin origin) {
    public GithubActionsConfig {
        actions = Collections.unmodifiableMap(new LinkedHashMap<>(actions));
    }

    /** This configuration with every key {@code later} sets replacing ours (the maps merge, later wins). */
    public GithubActionsConfig overriddenBy(GithubActionsConfig later) {
        Map<String, String> merged = new LinkedHashMap<>(actions);
        merged.putAll(later.actions);
        return new GithubActionsConfig(later.cacheDir != null ? later.cacheDir : cacheDir,
                later.mirror != null ? later.mirror : mirror, merged, later.origin);
    }
}
