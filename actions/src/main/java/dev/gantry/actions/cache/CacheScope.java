package dev.gantry.actions.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Who may see a cache: as on the service, caches are isolated per (workflow, branch) pair, so {@code workflow-A} on
 * {@code feature-A} never restores what {@code workflow-A} saved on {@code feature-B}.
 *
 * @param workflow the workflow's {@code Name}
 * @param branch   the branch the run started on
 */
public record CacheScope(String workflow, String branch) {
    public CacheScope {
        if (workflow == null || workflow.isEmpty()) {
            throw new IllegalArgumentException("a cache scope needs a workflow name");
        }
        branch = branch == null || branch.isEmpty() ? "HEAD" : branch;
    }

    /** A stable folder name for the scope (branch names may hold slashes and other characters). */
    public String id() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest((workflow + "\n" + branch).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return workflow + "@" + branch;
    }
}
