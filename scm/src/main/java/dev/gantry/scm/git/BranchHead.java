package dev.gantry.scm.git;

/**
 * A branch and the commit it points at.
 *
 * @param branch the name, without {@code refs/heads/}
 * @param commit the full commit id (40 hex digits)
 */
public record BranchHead(String branch, String commit) {
}
