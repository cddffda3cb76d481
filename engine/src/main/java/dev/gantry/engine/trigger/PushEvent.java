package dev.gantry.engine.trigger;

import dev.gantry.engine.model.TriggerType;

import java.util.Objects;

/**
 * A branch moved: from {@code before} to {@code after}.
 *
 * <ul>
 *   <li>a new branch: {@code before} is {@code null};</li>
 *   <li>a deleted branch: {@code after} is {@code null} (never starts a run: there is no commit to run);</li>
 *   <li>a force push: {@code forced} is true ({@code before} is not an ancestor of {@code after}); it triggers like
 *       any push.</li>
 * </ul>
 * {@code changedFiles} are the paths that differ between {@code before}'s and {@code after}'s trees; for a new
 * branch, between {@code after} and its merge base with the repository's default branch (every file of
 * {@code after} when there is none). Who computes them (the scm module's mirror, or a person offline) says so.
 *
 * @param branch       the branch name, without {@code refs/heads/}
 * @param before       the commit the branch was at, or {@code null} for a new branch
 * @param after        the commit the branch is at now, or {@code null} when it was deleted
 * @param forced       whether the move was not a fast-forward
 * @param changedFiles the paths changed by the move
 */
public record PushEvent(String branch, String before, String after, boolean forced, ChangedFiles changedFiles)
        implements TriggerEvent {
    public PushEvent {
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(changedFiles, "changedFiles");
    }

    /** A push whose changed files are not known yet. */
    public static PushEvent of(String branch, String before, String after, boolean forced) {
        return new PushEvent(branch, before, after, forced, ChangedFiles.unknown());
    }

    /** Whether the branch is new (no commit before). */
    public boolean created() {
        return before == null;
    }

    /** Whether the branch was deleted (no commit after). */
    public boolean deleted() {
        return after == null;
    }

    /** The same push with its changed files. */
    public PushEvent withChangedFiles(ChangedFiles files) {
        return new PushEvent(branch, before, after, forced, files);
    }

    @Override
    public String workflowBranch() {
        return branch;
    }

    @Override
    public TriggerType triggerType() {
        return TriggerType.PUSH;
    }
}
