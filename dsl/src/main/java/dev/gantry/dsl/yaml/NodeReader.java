package dev.gantry.dsl.yaml;

import dev.gantry.engine.diagnostic.Diagnostics;
import dev.gantry.engine.diagnostic.NameSuggestion;
import dev.gantry.engine.diagnostic.Severity;
import dev.gantry.engine.diagnostic.SourceMap;
import dev.gantry.engine.diagnostic.SourcePosition;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Typed, checked access to YAML nodes: each accessor reports what is wrong with a value (wrong type, unknown or
 * missing key, bad name, too long, too many) as a diagnostic and returns what can still be used, so that one pass
 * finds every problem. It also records source positions for paths the model spells differently from the file.
 */
final class NodeReader {
    private static final Set<String> YAML11_ONLY_BOOLEANS =
            Set.of("yes", "no", "on", "off", "y", "n");

    private final Diagnostics out;
    private final SourceMap.Builder positions;
    private final ScalarValues scalars = new ScalarValues();
    private final Set<String> reported = new HashSet<>();

    NodeReader(Diagnostics out, SourceMap.Builder positions) {
        this.out = out;
        this.positions = positions;
    }

    // ---- reporting -------------------------------------------------------------------------------------------

    void error(SourcePosition at, String rule, String message) {
        report(at, Severity.ERROR, rule, message);
    }

    void warning(SourcePosition at, String rule, String message) {
        report(at, Severity.WARNING, rule, message);
    }

    /** Reports once: a node reached twice through an alias would otherwise repeat its findings. */
    private void report(SourcePosition at, Severity severity, String rule, String message) {
        if (reported.add(at.line() + ":" + at.column() + ":" + rule + ":" + message)) {
            out.add(at, severity, rule, message);
        }
    }

    // ---- mappings --------------------------------------------------------------------------------------------

    /**
     * The entries of a mapping in file order, merge keys ({@code <<}) applied, duplicate keys reported. An absent
     * or empty value gives an empty map; anything other than a mapping is reported and gives {@code null}.
     */
    Map<String, Field> entries(Field f, String what) {
        if (f == null || f.isNull()) {
            return new LinkedHashMap<>();
        }
        if (!f.isMapping()) {
            error(f.valuePosition(), "type", what + " must be a mapping of keys to values, not " + f.describe());
            return null;
        }
        return entries(f, true);
    }

    private Map<String, Field> entries(Field f, boolean report) {
        Map<String, Field> result = new LinkedHashMap<>();
        YamlNodes.Problems problems = report ? this::error : (at, rule, message) -> { };
        YamlNodes.entries((MappingNode) f.value(), problems).forEach((name, t) ->
                result.put(name, f.child(name, t.getKeyNode(), t.getValueNode())));
        return result;
    }

    /** {@link #entries} plus a check that every key is one of {@code keys}. */
    Map<String, Field> fields(Field f, String what, Keys keys) {
        Map<String, Field> fields = entries(f, what);
        if (fields != null) {
            checkKeys(fields, what, keys);
        }
        return fields;
    }

    void checkKeys(Map<String, Field> fields, String what, Keys keys) {
        for (Field e : fields.values()) {
            if (!keys.allows(e.name())) {
                unknownKey(e, what, keys);
            }
        }
    }

    void unknownKey(Field e, String what, Keys keys) {
        String hint = keys.misplaced().get(e.name());
        String suggestion = NameSuggestion.didYouMean(e.name(), keys.allowed());
        String message = "unknown key '" + e.name() + "' in " + what;
        if (!suggestion.isEmpty()) {
            message += suggestion;
        } else if (hint != null) {
            message += ": '" + e.name() + "' " + hint;
        } else {
            message += "; expected " + (keys.allowed().size() == 1 ? "" : "one of ")
                    + String.join(", ", keys.allowed());
        }
        error(e.keyPosition(), "unknown-key", message);
    }

    /** Reports a missing (or empty) required key; {@code true} when it is there. */
    boolean require(Map<String, Field> fields, String key, Field owner, String what) {
        Field f = fields.get(key);
        if (f == null) {
            boolean misspelt = fields.keySet().stream()
                    .anyMatch(k -> NameSuggestion.closest(k, List.of(key)).isPresent());
            if (!misspelt) { // else the unknown-key error already says "did you mean"
                error(owner.keyPosition(), "required", what + " needs " + key);
            }
            return false;
        }
        if (f.isNull()) {
            error(f.keyPosition(), "required", key + " of " + what + " has no value");
            return false;
        }
        return true;
    }

    // ---- lists -----------------------------------------------------------------------------------------------

    /**
     * The items of a list. Absent or empty gives an empty list. A single value where a list is expected is
     * reported and read as a one-item list, so that its own problems are found too.
     */
    List<Field> items(Field f, String what) {
        if (f == null || f.isNull()) {
            return List.of();
        }
        if (f.value() instanceof SequenceNode s) {
            List<Field> items = new ArrayList<>(s.getValue().size());
            for (int i = 0; i < s.getValue().size(); i++) {
                items.add(f.item(i, s.getValue().get(i)));
            }
            return items;
        }
        error(f.valuePosition(), "type", what + " must be a list, not " + f.describe()
                + (f.isMapping() ? "" : "; write it as a list item: '- " + ((ScalarNode) f.value()).getValue() + "'"));
        if (f.isMapping()) {
            return List.of();
        }
        return List.of(f.item(0, f.value()));
    }

    /** A list of text values; items that are not text are reported and skipped. */
    List<String> texts(Field f, String what) {
        List<String> values = new ArrayList<>();
        for (Field item : items(f, what)) {
            String v = text(item, "each item of " + what);
            if (v != null) {
                values.add(v);
            }
        }
        return values;
    }

    // ---- scalars ---------------------------------------------------------------------------------------------

    /**
     * A scalar as text, as written (so {@code 1.0} stays "1.0" and {@code 0123} stays "0123"); booleans in their
     * YAML 1.1 meaning ({@code yes} is "true", with a warning). {@code null} when absent or empty, or (reported)
     * when the value is a list or a mapping.
     */
    String text(Field f, String what) {
        if (f != null && f.isNull() && f.key() == null && !f.path().isEmpty()) {
            warning(f.valuePosition(), EmptyListItem.RULE, EmptyListItem.message(EmptyListItem.listOf(f.path())));
        }
        if (f == null || f.isNull()) {
            return null;
        }
        if (!(f.value() instanceof ScalarNode s)) {
            error(f.valuePosition(), "type", what + " must be text, not " + f.describe());
            return null;
        }
        if (Tag.BOOL.equals(s.getTag())) {
            String raw = s.getValue();
            boolean value = Boolean.TRUE.equals(scalars.value(s));
            if (YAML11_ONLY_BOOLEANS.contains(raw.toLowerCase(Locale.ROOT))) {
                warning(f.valuePosition(), "yaml-boolean", "unquoted " + raw + " is the boolean " + value
                        + " in YAML 1.1, which CodeCatalyst uses; quote it ('" + raw + "') if you mean the text");
            }
            return Boolean.toString(value);
        }
        return s.getValue();
    }

    /** A required text value: reports when missing or empty. */
    String requiredText(Map<String, Field> fields, String key, Field owner, String what) {
        if (!require(fields, key, owner, what)) {
            return null;
        }
        return text(fields.get(key), key + " of " + what);
    }

    Boolean bool(Field f, String what) {
        if (f == null || f.isNull()) {
            return null;
        }
        if (f.value() instanceof ScalarNode s && Tag.BOOL.equals(s.getTag())) {
            return Boolean.TRUE.equals(scalars.value(s));
        }
        error(f.valuePosition(), "type", what + " must be true or false, not " + f.describe());
        return null;
    }

    Integer integer(Field f, String what) {
        if (f == null || f.isNull()) {
            return null;
        }
        if (f.value() instanceof ScalarNode s && Tag.INT.equals(s.getTag())) {
            Object v = scalars.value(s);
            if (v instanceof Integer i) {
                return i;
            }
            if (v instanceof Number) {
                error(f.valuePosition(), "range", what + " is too large: " + s.getValue());
                return null;
            }
        }
        error(f.valuePosition(), "type", what + " must be a whole number, not " + f.describe());
        return null;
    }

    Double number(Field f, String what) {
        if (f == null || f.isNull()) {
            return null;
        }
        if (f.value() instanceof ScalarNode s && (Tag.INT.equals(s.getTag()) || Tag.FLOAT.equals(s.getTag()))) {
            Object v = scalars.value(s);
            if (v instanceof Number n) {
                return n.doubleValue();
            }
        }
        error(f.valuePosition(), "type", what + " must be a number, not " + f.describe());
        return null;
    }

    /**
     * One of a fixed set of values, compared case-insensitively. Returns the canonical spelling. A value that only
     * differs in case is accepted silently when {@code anyCase}, else with an {@code enum} warning (the service
     * may not accept it); anything else is an {@code enum} error with a suggestion.
     */
    String oneOf(Field f, String what, List<String> values, boolean anyCase) {
        String v = text(f, what);
        if (v == null) {
            return null;
        }
        for (String allowed : values) {
            if (allowed.equals(v)) {
                return allowed;
            }
        }
        for (String allowed : values) {
            if (allowed.equalsIgnoreCase(v)) {
                if (!anyCase) {
                    warning(f.valuePosition(), "enum", what + " is written " + allowed + " in the reference, not "
                            + v);
                }
                return allowed;
            }
        }
        error(f.valuePosition(), "enum", what + " must be one of " + String.join(", ", values) + ", not '" + v
                + "'" + NameSuggestion.didYouMean(v, values));
        return null;
    }

    // ---- names, lengths, counts ------------------------------------------------------------------------------

    /** Checks {@code value} against {@code pattern} ({@code name-pattern}); {@code allowedChars} for the message. */
    boolean pattern(SourcePosition at, String value, Pattern pattern, String what, String allowedChars) {
        if (value == null || pattern.matcher(value).matches()) {
            return true;
        }
        error(at, "name-pattern", what + " '" + value + "' may only contain " + allowedChars);
        return false;
    }

    /** Checks that {@code value} has {@code min..max} characters ({@code length}). */
    boolean length(SourcePosition at, String value, int min, int max, String what) {
        if (value == null) {
            return true;
        }
        int n = value.codePointCount(0, value.length());
        if (n < min) {
            error(at, "length", what + (min == 1 ? " must not be empty" : " must have at least " + min
                    + " characters, not " + n));
            return false;
        }
        if (n > max) {
            error(at, "length", what + " is " + n + " characters long; at most " + max + " are allowed");
            return false;
        }
        return true;
    }

    /** Checks a count against a quota ({@code limit}). */
    void limit(SourcePosition at, int count, int max, String what) {
        if (count > max) {
            error(at, "limit", "too many " + what + ": " + count + "; at most " + max + " are allowed");
        }
    }

    // ---- plain values and positions --------------------------------------------------------------------------

    /**
     * The value as plain Java values: {@code String}, {@code Boolean}, {@code Integer}/{@code Long}/
     * {@code BigInteger}, {@code Double}, {@code null}, and unmodifiable insertion-ordered {@code List}/{@code Map}.
     * Timestamps and custom tags stay text as written.
     */
    Object plain(Field f) {
        if (f.value() instanceof ScalarNode s) {
            return scalars.value(s);
        }
        if (f.value() instanceof SequenceNode) {
            List<Object> list = new ArrayList<>();
            for (Field item : items(f, f.name())) {
                list.add(plain(item));
            }
            return Collections.unmodifiableList(list);
        }
        Map<String, Object> map = new LinkedHashMap<>();
        Map<String, Field> fields = entries(f, f.name());
        if (fields != null) {
            for (Field e : fields.values()) {
                map.put(e.name(), plain(e));
            }
        }
        return Collections.unmodifiableMap(map);
    }

    /** Records the position of a node's key and value at {@code path}. */
    void record(String path, SourcePosition key, SourcePosition value) {
        positions.key(path, key);
        positions.value(path, value);
    }

    /**
     * Records a list item under the index the model gave it, when items before it were dropped (they were invalid),
     * so that model paths keep pointing at the right place in the file.
     */
    void placeAt(Field item, String listPath, int modelIndex) {
        String modelPath = listPath + "/" + modelIndex;
        if (!modelPath.equals(item.path())) {
            recordTree(item, modelPath);
        }
    }

    /** Records {@code f} and everything under it at {@code path} instead of its own path. */
    void recordTree(Field f, String path) {
        positions.key(path, f.keyPosition());
        positions.value(path, f.valuePosition());
        if (f.value() instanceof ScalarNode s) {
            recordInlineText(path, s);
        } else if (f.isMapping()) {
            for (Field e : entries(f, false).values()) {
                recordTree(e, path + "/" + e.name());
            }
        } else if (f.value() instanceof SequenceNode s) {
            for (int i = 0; i < s.getValue().size(); i++) {
                recordTree(f.item(i, s.getValue().get(i)), path + "/" + i);
            }
        }
    }

    /**
     * For a scalar written on one line whose text is exactly its source (plain, or quoted without escapes), records
     * where its first character is, so positions inside the text (a cron field, a reference) can be exact.
     */
    private void recordInlineText(String path, ScalarNode s) {
        Mark start = s.getStartMark();
        Mark end = s.getEndMark();
        if (start == null || end == null || start.getLine() != end.getLine()) {
            return;
        }
        int span = end.getColumn() - start.getColumn();
        int length = s.getValue().codePointCount(0, s.getValue().length());
        DumperOptions.ScalarStyle style = s.getScalarStyle();
        if (style == DumperOptions.ScalarStyle.PLAIN && span == length) {
            positions.inlineText(path, YamlComposer.position(start));
        } else if ((style == DumperOptions.ScalarStyle.SINGLE_QUOTED
                || style == DumperOptions.ScalarStyle.DOUBLE_QUOTED) && span == length + 2) {
            positions.inlineText(path, new SourcePosition(start.getLine() + 1, start.getColumn() + 2));
        }
    }

    /** Converts scalars with SnakeYAML's own YAML 1.1 rules (ints in any base, sexagesimal, .inf, ...). */
    private static final class ScalarValues extends SafeConstructor {
        ScalarValues() {
            super(new LoaderOptions());
        }

        Object value(ScalarNode s) {
            Tag tag = s.getTag();
            if (Tag.BOOL.equals(tag) || Tag.INT.equals(tag) || Tag.FLOAT.equals(tag) || Tag.NULL.equals(tag)) {
                try {
                    return constructObject(s);
                } catch (YAMLException | NumberFormatException e) {
                    return s.getValue();
                }
            }
            return s.getValue();
        }
    }
}
