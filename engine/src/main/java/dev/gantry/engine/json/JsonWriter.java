package dev.gantry.engine.json;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The one JSON writer of Gantry: run records, events, reports, graphs and GitHub's {@code toJSON} all write here.
 * Values: maps (in their order), lists, strings, booleans, numbers, {@code null}, instants (ISO-8601 strings),
 * durations (milliseconds); anything else as its {@code toString()}. Compact, or indented with two spaces
 * ({@code "key": value}, empty containers as {@code {}} and {@code []}).
 *
 * <p>Strings: {@code "} and {@code \} escaped, {@code \n}, {@code \r}, {@code \t} by name, other control
 * characters and U+2028/U+2029 (line ends to JavaScript) as {@code \}{@code u00XX}; all else as it is.
 */
public final class JsonWriter {
    /** Compact, numbers as Java prints them, non-finite ones as {@code null}. */
    public static final JsonWriter COMPACT = new JsonWriter(-1, JsonWriter::plainNumber);
    /** Indented by two spaces, numbers as {@link #COMPACT} writes them. */
    public static final JsonWriter INDENTED = new JsonWriter(2, JsonWriter::plainNumber);

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final int indent;
    private final Function<Number, String> numbers;

    private JsonWriter(int indent, Function<Number, String> numbers) {
        this.indent = indent;
        this.numbers = numbers;
    }

    /** This writer with {@code numbers} writing each non-integral number (a {@code Double}, …) as JSON text. */
    public JsonWriter withNumbers(Function<Number, String> numbers) {
        return new JsonWriter(indent, numbers);
    }

    /** {@code value} as JSON text (no line end after it). */
    public String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(value, sb, 0);
        return sb.toString();
    }

    /** {@code s} as a JSON string literal, or {@code null} for {@code null}. */
    public static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(s.length() + 2);
        quote(s, sb);
        return sb.toString();
    }

    /** Appends {@code s} as a JSON string literal to {@code sb}. */
    public static void quote(CharSequence s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        sb.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                                .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private void write(Object v, StringBuilder sb, int depth) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            quote(s, sb);
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short
                || v instanceof Byte) {
            sb.append(v);
        } else if (v instanceof Number n) {
            sb.append(numbers.apply(n));
        } else if (v instanceof Instant i) {
            quote(i.toString(), sb);
        } else if (v instanceof Duration d) {
            sb.append(d.toMillis());
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
            boolean any = it.hasNext();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                newline(sb, depth + 1);
                quote(String.valueOf(e.getKey()), sb);
                sb.append(indent < 0 ? ":" : ": ");
                write(e.getValue(), sb, depth + 1);
                if (it.hasNext()) {
                    sb.append(',');
                }
            }
            if (any) {
                newline(sb, depth);
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                newline(sb, depth + 1);
                write(l.get(i), sb, depth + 1);
                if (i < l.size() - 1) {
                    sb.append(',');
                }
            }
            if (!l.isEmpty()) {
                newline(sb, depth);
            }
            sb.append(']');
        } else {
            quote(v.toString(), sb);
        }
    }

    private void newline(StringBuilder sb, int depth) {
        if (indent >= 0) {
            sb.append('\n').append(" ".repeat(indent * depth));
        }
    }

    private static String plainNumber(Number n) {
        return Double.isFinite(n.doubleValue()) ? n.toString() : "null";
    }
}
