package dev.gantry.scm.git;

/**
 * How a branch changed between two fetches of a {@link RepositoryMirror}.
 *
 * @param branch the name, without {@code refs/heads/}
 * @param before the commit before, {@code null} for a new branch
 * @param after  the commit after, {@code null} for a deleted branch
 * @param kind   what happened
 */
public record BranchMove(String branch, String before, String after, Kind kind) {
    /** What happened to the branch. */
    public enum Kind {
        /** It did not exist before. */
        CREATED,
        /** It moved forward: {@code before} is an ancestor of {@code after}. */
        FAST_FORWARD,
        /** It was rewritten: {@code before} is not an ancestor of {@code after} (a force push). */
        FORCED,
        /** It is gone. */
        DELETED
    }
}
