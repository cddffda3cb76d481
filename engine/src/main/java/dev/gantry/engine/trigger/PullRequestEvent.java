package dev.gantry.engine.trigger;

import dev.gantry.engine.model.TriggerType;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Something happened to a pull request. A PULLREQUEST trigger's {@code Branches} match the DESTINATION branch; the
 * run reads its workflow file from, and runs on, the SOURCE branch (reference §1.5).
 *
 * <p>{@code actions} is every {@code Events} value the happening counts as: REVISION is a superset of OPEN, so an
 * event holding OPEN always holds REVISION too (added here). A merge counts as MERGED and CLOSED; a draft opened as
 * DRAFT only; a draft marked ready as OPEN (and REVISION).
 *
 * @param number            the pull request's number or id at its provider ("" when none)
 * @param actions           the {@code Events} this counts as (never empty)
 * @param sourceBranch      the branch the change comes from
 * @param destinationBranch the branch it would merge into
 * @param sourceCommit      the source branch's head commit, or {@code null} when not known
 * @param changedFiles      the paths changed between the merge base of source and destination and the source head
 */
public record PullRequestEvent(String number, Set<PullRequestAction> actions, String sourceBranch,
                               String destinationBranch, String sourceCommit, ChangedFiles changedFiles)
        implements TriggerEvent {
    public PullRequestEvent {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(sourceBranch, "sourceBranch");
        Objects.requireNonNull(destinationBranch, "destinationBranch");
        Objects.requireNonNull(changedFiles, "changedFiles");
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("a pull request event counts as at least one of its Events");
        }
        EnumSet<PullRequestAction> all = EnumSet.copyOf(actions);
        if (all.contains(PullRequestAction.OPEN)) {
            all.add(PullRequestAction.REVISION);
        }
        actions = Set.copyOf(all);
    }

    /** The same event with its changed files. */
    public PullRequestEvent withChangedFiles(ChangedFiles files) {
        return new PullRequestEvent(number, actions, sourceBranch, destinationBranch, sourceCommit, files);
    }

    @Override
    public String workflowBranch() {
        return sourceBranch;
    }

    @Override
    public TriggerType triggerType() {
        return TriggerType.PULLREQUEST;
    }
}
