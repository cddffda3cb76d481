package dev.gantry.engine.trigger;

/**
 * A PULLREQUEST trigger's {@code Events} (reference §1.5): OPEN (created), REVISION (created, and every new push to
 * the source branch), CLOSED; DRAFT and MERGED only the SDK's schema lists.
 */
public enum PullRequestAction { OPEN, REVISION, CLOSED, MERGED, DRAFT }
