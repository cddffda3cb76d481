package dev.gantry.dsl.yaml;

import java.util.List;
import java.util.Map;

/**
 * The keys a mapping may have, and where keys that are often put at the wrong level belong instead.
 *
 * @param allowed   the allowed keys, in the reference's order (used in messages and suggestions)
 * @param misplaced key to a hint such as {@code "belongs under Configuration"}
 */
record Keys(List<String> allowed, Map<String, String> misplaced) {
    Keys {
        allowed = List.copyOf(allowed);
        misplaced = Map.copyOf(misplaced);
    }

    static Keys of(String... allowed) {
        return new Keys(List.of(allowed), Map.of());
    }

    Keys withHints(Map<String, String> hints) {
        return new Keys(allowed, hints);
    }

    boolean allows(String key) {
        return allowed.contains(key);
    }
}
