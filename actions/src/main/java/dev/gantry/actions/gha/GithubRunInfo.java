package dev.gantry.actions.gha;

import java.util.Map;

/**
 * What the {@code github} context and the {@code GITHUB_*} variables say about the run, filled from the workflow
 * source: the repository (the source folder's name, as CodeCatalyst names a source repository), the commit and
 * branch Gantry checked out, the workflow's name, who runs it, and the run's id; plus the secrets that
 * {@code secrets.NAME} reads (Gantry's secrets, the same as {@code ${Secrets.NAME}}).
 *
 * @param repository   {@code github.repository} ({@code owner/name}; the owner is {@code local} outside a remote)
 * @param sha          {@code github.sha}, or empty outside git
 * @param branch       {@code github.ref_name}, or empty
 * @param workflow     {@code github.workflow}
 * @param actor        {@code github.actor}
 * @param runId        {@code github.run_id}
 * @param secrets      secret name to value
 */
public record GithubRunInfo(String repository, String sha, String branch, String workflow, String actor,
                            String runId, Map<String, String> secrets) {
    public GithubRunInfo {
        secrets = Map.copyOf(secrets);
        sha = sha == null ? "" : sha;
        branch = branch == null ? "" : branch;
    }

    /** {@code refs/heads/<branch>}, or empty. */
    public String ref() {
        return branch.isEmpty() ? "" : "refs/heads/" + branch;
    }
}
