package dev.gantry.engine.diagnostic;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each element of a loaded workflow came from: a map from a model path to a source position.
 *
 * <p>A path is the list of keys and list indexes from the document root, written like a JSON pointer:
 * {@code /Actions/Build/DependsOn/0}, {@code /Actions/Group/Actions/Test/Timeout}. Loaders (YAML, Groovy) record
 * the position of each key ({@link #keyOf}) and each value ({@link #valueOf}); the validator asks for positions
 * by path, so it works the same whatever syntax built the model. A path with no entry falls back to its nearest
 * recorded ancestor.
 */
public final class SourceMap {
    private final Map<String, SourcePosition> keys;
    private final Map<String, SourcePosition> values;
    private final Map<String, SourcePosition> inlineText;

    private SourceMap(Map<String, SourcePosition> keys, Map<String, SourcePosition> values,
                      Map<String, SourcePosition> inlineText) {
        this.keys = keys;
        this.values = values;
        this.inlineText = inlineText;
    }

    /** An empty map: every lookup gives {@link SourcePosition#UNKNOWN}. */
    public static SourceMap empty() {
        return new SourceMap(Map.of(), Map.of(), Map.of());
    }

    /** Joins path segments: {@code path("Actions", "Build")} is {@code /Actions/Build}. */
    public static String path(Object... segments) {
        StringBuilder sb = new StringBuilder();
        for (Object s : segments) {
            sb.append('/').append(s);
        }
        return sb.toString();
    }

    /** Position of the key that names the element at {@code path} (its value's position for list items). */
    public SourcePosition keyOf(String path) {
        return lookup(path, keys, values);
    }

    /** Position of the value at {@code path}. */
    public SourcePosition valueOf(String path) {
        return lookup(path, values, keys);
    }

    /**
     * Position of the character at {@code offset} in the string value at {@code path}: exact when the loader
     * recorded the value as one-line text ({@link Builder#inlineText}) and the offset is on that line, otherwise
     * the value's own position. Lets a diagnostic point inside a value (a cron field, a {@code ${...}} reference).
     */
    public SourcePosition positionInText(String path, int offset) {
        SourcePosition first = inlineText.get(path);
        if (first == null || offset < 0) {
            return valueOf(path);
        }
        return new SourcePosition(first.line(), first.column() + offset);
    }

    /** Whether the loader recorded anything at exactly this path (i.e. the element was written in the file). */
    public boolean has(String path) {
        return keys.containsKey(path) || values.containsKey(path);
    }

    private static SourcePosition lookup(String path, Map<String, SourcePosition> first,
                                         Map<String, SourcePosition> second) {
        String p = path;
        while (true) {
            SourcePosition pos = first.get(p);
            if (pos == null) {
                pos = second.get(p);
            }
            if (pos != null) {
                return pos;
            }
            int slash = p.lastIndexOf('/');
            if (slash <= 0) {
                SourcePosition root = first.getOrDefault("", second.get(""));
                return root == null ? SourcePosition.UNKNOWN : root;
            }
            p = p.substring(0, slash);
        }
    }

    /** Collects positions while a loader walks its source. Not thread-safe; build, then {@link #build()}. */
    public static final class Builder {
        private final Map<String, SourcePosition> keys = new HashMap<>();
        private final Map<String, SourcePosition> values = new HashMap<>();
        private final Map<String, SourcePosition> inlineText = new HashMap<>();

        public Builder key(String path, SourcePosition pos) {
            keys.putIfAbsent(path, pos);
            return this;
        }

        public Builder value(String path, SourcePosition pos) {
            values.putIfAbsent(path, pos);
            return this;
        }

        /**
         * Records that the string at {@code path} is written on one source line with character {@code i} of its
         * text at column {@code firstCharacter.column() + i} (a plain or quoted scalar with no escapes or line
         * folding before its end). Optional: without it, positions inside the value fall back to the value.
         */
        public Builder inlineText(String path, SourcePosition firstCharacter) {
            inlineText.putIfAbsent(path, firstCharacter);
            return this;
        }

        public SourceMap build() {
            return new SourceMap(Collections.unmodifiableMap(new HashMap<>(keys)),
                    Collections.unmodifiableMap(new HashMap<>(values)),
                    Collections.unmodifiableMap(new HashMap<>(inlineText)));
        }
    }

    @Override
    public String toString() {
        List<String> k = Arrays.asList(keys.keySet().toArray(new String[0]));
        Collections.sort(k);
        return "SourceMap" + k;
    }
}
