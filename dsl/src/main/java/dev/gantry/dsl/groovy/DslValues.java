package dev.gantry.dsl.groovy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the values a script passes (Groovy strings, BigDecimal literals, ranges, nested maps) into the plain values
 * the model holds, the same ones the YAML loader produces: {@code String}, {@code Integer}/{@code Long}/
 * {@code BigInteger}, {@code Double}, {@code Boolean}, {@code null}, and insertion-ordered lists and maps of them.
 */
final class DslValues {
    private DslValues() {
    }

    /** A scalar as text ({@code null} stays {@code null}); numbers and booleans as written. */
    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return value.toString();
    }

    /** One name or a list of them, as a list of texts. */
    static List<String> texts(Object value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (value instanceof Collection<?> c) {
            for (Object o : c) {
                out.add(text(o));
            }
        } else if (value instanceof Object[] a) {
            for (Object o : a) {
                out.add(text(o));
            }
        } else {
            out.add(text(value));
        }
        return out;
    }

    /** A free-form configuration value; {@code null} for values YAML cannot hold is reported by the caller. */
    static Object plain(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof BigInteger || value instanceof Double) {
            return value;
        }
        if (value instanceof CharSequence || value instanceof Character) {
            return value.toString();
        }
        if (value instanceof BigDecimal || value instanceof Float) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
            return out;
        }
        if (value instanceof Iterable<?> items) {
            List<Object> out = new ArrayList<>();
            items.forEach(v -> out.add(plain(v)));
            return out;
        }
        if (value instanceof Object[] items) {
            List<Object> out = new ArrayList<>();
            for (Object v : items) {
                out.add(plain(v));
            }
            return out;
        }
        throw new IllegalArgumentException("a value of type " + value.getClass().getSimpleName()
                + " cannot be written in a workflow; use text, numbers, booleans, lists and maps");
    }

    /** A percentage or count as a double, or {@code null}. */
    static Double decimal(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        return Double.valueOf(value.toString().trim());
    }

    static Integer integer(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Integer i) {
            return i;
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return Math.toIntExact(n.longValue());
        }
        return Integer.valueOf(value.toString().trim());
    }

    static Boolean bool(Object value) {
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        String s = value.toString().trim();
        if (s.equalsIgnoreCase("true")) {
            return true;
        }
        if (s.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("expected true or false, not '" + s + "'");
    }
}
