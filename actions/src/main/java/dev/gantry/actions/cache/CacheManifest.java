package dev.gantry.actions.cache;

import java.util.List;

/**
 * The description of one saved cache: what its path held, with each file's content named by its SHA-256 in the
 * object store. A manifest is written to a temporary file and renamed into place, so it is always whole, and it
 * only names objects that were stored before it.
 *
 * @param version  format version (1)
 * @param workflow the scope's workflow
 * @param branch   the scope's branch
 * @param key      the cache's key
 * @param path     the {@code Path} as configured
 * @param savedAt  when it was saved (epoch milliseconds); "newest" for restore keys
 * @param root     {@code dir} or {@code file}: what {@code Path} was
 * @param entries  the tree, parents before children ({@code ""} is the root itself)
 */
public record CacheManifest(int version, String workflow, String branch, String key, String path, long savedAt,
                            String root, List<Entry> entries) {
    public CacheManifest {
        entries = List.copyOf(entries);
    }

    /**
     * One item of the saved tree.
     *
     * @param path   relative path with {@code /} ({@code ""} for the root)
     * @param type   {@code dir}, {@code file} or {@code link}
     * @param mode   POSIX permission bits (e.g. 0755)
     * @param size   file size in bytes (0 otherwise)
     * @param mtime  last-modified time in milliseconds
     * @param sha256 content hash of a file, {@code null} otherwise
     * @param link   the link text of a symbolic link, {@code null} otherwise
     */
    public record Entry(String path, String type, int mode, long size, long mtime, String sha256, String link) {
    }

    /** The total size of the files. */
    public long bytes() {
        return entries.stream().mapToLong(Entry::size).sum();
    }

    /** The number of files. */
    public long files() {
        return entries.stream().filter(e -> "file".equals(e.type())).count();
    }
}
