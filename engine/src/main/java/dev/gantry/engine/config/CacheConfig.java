package dev.gantry.engine.config;

import java.nio.file.Path;

/**
 * Where Gantry keeps {@code Caching.FileCaching} entries between runs, and how large they may grow.
 *
 * @param dir          the cache folder (already resolved: {@code ~} expanded, relative to its config file), or
 *                     {@code null} for the default
 * @param maxSizeBytes the size above which the oldest entries are evicted, or {@code null} for the default
 * @param origin       where it was configured
 */
public record CacheConfig(Path dir, Long maxSizeBytes, ConfigOrigin origin) {
    /** This configuration with every key {@code later} sets replacing ours. */
    public CacheConfig overriddenBy(CacheConfig later) {
        return new CacheConfig(later.dir != null ? later.dir : dir,
                later.maxSizeBytes != null ? later.maxSizeBytes : maxSizeBytes, later.origin);
    }
}
