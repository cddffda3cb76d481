package dev.gantry.engine.github;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The values of GitHub's expression language and its coercion rules. A value is {@code null}, a {@link Boolean},
 * a {@link Double}, a {@link String}, a {@link List} (array) or a {@link Map} with {@code String} keys (object; keys
 * are looked up ignoring case). Equality and ordering are GitHub's loose ones: different types are compared as
 * numbers ({@code null} 0, {@code true} 1, a string parsed as a JSON number or {@code 0x} hex, empty 0, otherwise
 * NaN, arrays and objects NaN); strings compare ignoring case; arrays and objects are equal only to themselves.
 */
public final class ExpressionValues {
    private static final Pattern JSON_NUMBER =
            Pattern.compile("[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?");

    private ExpressionValues() {
    }

    /** Falsy: {@code false}, 0, -0, NaN, {@code ""}, {@code null}; everything else is truthy. */
    public static boolean truthy(Object v) {
        if (v == null) {
            return false;
        } else if (v instanceof Boolean b) {
            return b;
        } else if (v instanceof Double d) {
            return d != 0 && !d.isNaN();
        } else if (v instanceof String s) {
            return !s.isEmpty();
        }
        return true;
    }

    /** The number GitHub makes of {@code v}. */
    public static double toNumber(Object v) {
        if (v == null) {
            return 0;
        } else if (v instanceof Boolean b) {
            return b ? 1 : 0;
        } else if (v instanceof Double d) {
            return d;
        } else if (v instanceof String s) {
            return parseNumber(s);
        }
        return Double.NaN;
    }

    /** A string as a number: JSON number syntax, {@code 0x} hex, {@code 0o} octal, Infinity; blank is 0; else NaN. */
    public static double parseNumber(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            return 0;
        }
        boolean negative = s.startsWith("-");
        String unsigned = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
        try {
            if (unsigned.startsWith("0x") || unsigned.startsWith("0X")) {
                double d = Long.parseLong(unsigned.substring(2), 16);
                return negative ? -d : d;
            }
            if (unsigned.startsWith("0o") || unsigned.startsWith("0O")) {
                double d = Long.parseLong(unsigned.substring(2), 8);
                return negative ? -d : d;
            }
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
        if (unsigned.equals("Infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (JSON_NUMBER.matcher(s).matches()) {
            return Double.parseDouble(s);
        }
        return Double.NaN;
    }

    /** The string GitHub makes of {@code v}: {@code null} is empty; arrays and objects are {@code Array}/{@code Object}. */
    public static String toText(Object v) {
        if (v == null) {
            return "";
        } else if (v instanceof Boolean b) {
            return b ? "true" : "false";
        } else if (v instanceof Double d) {
            return numberText(d);
        } else if (v instanceof String s) {
            return s;
        } else if (v instanceof List<?>) {
            return "Array";
        }
        return "Object";
    }

    static String numberText(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        } else if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /** GitHub's {@code ==}. */
    public static boolean looseEquals(Object a, Object b) {
        if (kind(a) == kind(b)) {
            if (a == null) {
                return true;
            } else if (a instanceof String s) {
                return s.equalsIgnoreCase((String) b);
            } else if (a instanceof Double d) {
                return d.doubleValue() == (Double) b;
            } else if (a instanceof Boolean) {
                return a.equals(b);
            }
            return a == b;
        }
        double x = toNumber(a);
        double y = toNumber(b);
        return x == y;
    }

    /**
     * GitHub's ordering: negative, zero or positive; {@code null} when the two cannot be ordered (NaN, arrays,
     * objects), which makes every comparison false.
     */
    public static Integer compare(Object a, Object b) {
        if (kind(a) == kind(b)) {
            if (a == null) {
                return 0;
            } else if (a instanceof String s) {
                return s.compareToIgnoreCase((String) b);
            } else if (a instanceof Boolean x) {
                return Boolean.compare(x, (Boolean) b);
            } else if (a instanceof Double) {
                return compareNumbers((Double) a, (Double) b);
            }
            return null;
        }
        return compareNumbers(toNumber(a), toNumber(b));
    }

    private static Integer compareNumbers(double x, double y) {
        if (Double.isNaN(x) || Double.isNaN(y)) {
            return null;
        }
        return Double.compare(x == 0 ? 0.0 : x, y == 0 ? 0.0 : y);
    }

    private static int kind(Object v) {
        if (v == null) {
            return 0;
        } else if (v instanceof Boolean) {
            return 1;
        } else if (v instanceof Double) {
            return 2;
        } else if (v instanceof String) {
            return 3;
        } else if (v instanceof List<?>) {
            return 4;
        }
        return 5;
    }

    /** {@code obj[key]} ignoring case for objects; a whole-number index for arrays; {@code null} otherwise. */
    public static Object index(Object target, Object key) {
        if (target instanceof Map<?, ?> map) {
            String k = toText(key);
            Object exact = map.get(k);
            if (exact != null || map.containsKey(k)) {
                return exact;
            }
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (String.valueOf(e.getKey()).equalsIgnoreCase(k)) {
                    return e.getValue();
                }
            }
            return null;
        }
        if (target instanceof List<?> list) {
            double d = toNumber(key);
            if (Double.isNaN(d) || d < 0 || d != Math.floor(d) || d >= list.size()) {
                return null;
            }
            return list.get((int) d);
        }
        return null;
    }

    /** Turns plain Java values (Integer, Long, nested maps) into expression values. */
    public static Object of(Object v) {
        if (v == null || v instanceof Boolean || v instanceof String || v instanceof Double) {
            return v;
        } else if (v instanceof Number n) {
            return n.doubleValue();
        } else if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(x -> out.add(of(x)));
            return Collections.unmodifiableList(out);
        } else if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, x) -> out.put(String.valueOf(k), of(x)));
            return Collections.unmodifiableMap(out);
        }
        return v.toString();
    }
}
