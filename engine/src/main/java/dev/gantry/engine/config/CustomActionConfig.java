package dev.gantry.engine.config;

import java.nio.file.Path;

/**
 * Where a custom (ADK) action that a workflow names as {@code owner/name@vN} lives on this machine, from
 * {@code gantry.yaml}'s {@code actions:} section: a folder ({@code path}) or a git repository ({@code git}, at
 * {@code ref}) cloned into Gantry's local action cache on first use. Nothing else is ever downloaded: an unmapped
 * action is a plan-time error saying how to map it.
 *
 * @param identifier the identifier as the workflow writes it ({@code owner/name@v1}) or without its version (any
 *                   version)
 * @param path       the action's folder (holding {@code .codecatalyst/actions/action.yml} or {@code action.yml}),
 *                   or {@code null} when {@code git} is given
 * @param git        a git repository URL or local path, or {@code null}
 * @param ref        the branch or tag to check out from {@code git}, or {@code null} for its default branch
 * @param directory  the action's folder inside the repository, or {@code null} for its root
 * @param origin     where it was configured
 */
public record CustomActionConfig(String identifier, Path path, String git, String ref, String directory,
                                 ConfigOrigin origin) {
}
