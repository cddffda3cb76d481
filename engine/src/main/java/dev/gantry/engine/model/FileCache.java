package dev.gantry.engine.model;

import java.util.List;

/**
 * One {@code Caching.FileCaching} entry.
 *
 * @param name        the cache key (the entry's name)
 * @param path        {@code Path}: a file or folder, relative to the primary input or absolute
 * @param restoreKeys {@code RestoreKeys}: fallback keys, tried in order
 */
public record FileCache(String name, String path, List<String> restoreKeys) {
    public FileCache {
        restoreKeys = List.copyOf(restoreKeys);
    }
}
