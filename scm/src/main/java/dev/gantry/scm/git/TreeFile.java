package dev.gantry.scm.git;

/**
 * A file of a commit's tree, not read: its path and the id of its blob (which names its content: the same id, the
 * same bytes, in any commit).
 *
 * @param path   repository-relative, forward slashes
 * @param blobId the blob's full id (40 hex digits)
 */
public record TreeFile(String path, String blobId) {
}
