package dev.gantry.server.history;

/**
 * A page of the run list, newest first. Every filter is optional ({@code null}); {@code before} is the id the
 * previous page ended at (keyset paging: a page costs the same at run 100,000 as at run 10).
 */
public record RunQuery(String repository, String workflow, String branch, RunState state, Long before, int limit) {
    /** The largest page. */
    public static final int MAX_LIMIT = 200;

    public RunQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT);
        }
    }

    public static RunQuery newest(int limit) {
        return new RunQuery(null, null, null, null, null, limit);
    }
}
