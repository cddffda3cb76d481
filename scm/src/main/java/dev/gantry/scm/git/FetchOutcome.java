package dev.gantry.scm.git;

import java.util.List;

/**
 * What one {@link RepositoryMirror#fetch()} brought.
 *
 * @param moves the branches that changed since the previous fetch (on the first fetch every branch is
 *              {@code CREATED}), sorted by name
 * @param heads every kept branch and its commit after the fetch, sorted by name
 */
public record FetchOutcome(List<BranchMove> moves, List<BranchHead> heads) {
    public FetchOutcome {
        moves = List.copyOf(moves);
        heads = List.copyOf(heads);
    }
}
