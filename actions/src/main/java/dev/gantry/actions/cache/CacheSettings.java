package dev.gantry.actions.cache;

import dev.gantry.engine.config.CacheConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the file cache lives and how big it may grow.
 *
 * @param enabled  false for {@code --no-cache}: nothing is restored or saved
 * @param dir      the cache folder
 * @param maxBytes the size cap of the stored contents; least recently used caches are evicted beyond it
 * @param maxAge   caches not used for this long are removed (the service: 14 days)
 */
public record CacheSettings(boolean enabled, Path dir, long maxBytes, Duration maxAge) {
    /** Default size cap: 5 GiB. */
    public static final long DEFAULT_MAX_BYTES = 5L << 30;
    /** Default expiry, as the service: 14 days after last use. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(14);

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMGT]?)(I?B)?", Pattern.CASE_INSENSITIVE);

    /**
     * The settings from the environment and the {@code cache:} section of {@code gantry.yaml}.
     *
     * @param env    the process environment ({@code XDG_CACHE_HOME}, {@code HOME})
     * @param config the configured {@code cache:} section, or {@code null}
     */
    public static CacheSettings of(Map<String, String> env, CacheConfig config) {
        Path dir = config != null && config.dir() != null ? config.dir() : defaultDir(env);
        long max = config != null && config.maxSizeBytes() != null ? config.maxSizeBytes() : DEFAULT_MAX_BYTES;
        return new CacheSettings(true, dir, max, DEFAULT_MAX_AGE);
    }

    /** The same settings with caching turned off. */
    public CacheSettings disabled() {
        return new CacheSettings(false, dir, maxBytes, maxAge);
    }

    /** {@code $XDG_CACHE_HOME/gantry} when set (and absolute), else {@code ~/.cache/gantry}. */
    public static Path defaultDir(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "gantry");
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".cache", "gantry");
    }

    /**
     * Parses a size: a number with an optional unit K, M, G or T (powers of 1024; "B", "KB", "KiB" all accepted).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static long parseSize(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (examples: 500M, 10G, 1048576)");
        }
        double n = Double.parseDouble(m.group(1));
        int shift = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> 0;
        };
        return (long) (n * (1L << shift));
    }

    /** A size for people: 1.5 GiB, 320 KiB, 12 B. */
    public static String formatSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }
}
