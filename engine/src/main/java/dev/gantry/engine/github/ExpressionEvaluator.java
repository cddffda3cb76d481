package dev.gantry.engine.github;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Evaluates parsed expressions against an {@link ExpressionScope}, as GitHub does: {@code &&} and {@code ||} give
 * one of their operands (short-circuit), comparisons follow {@link ExpressionValues}' loose rules, and the
 * functions behave as GitHub documents them. Results are bounded: a string longer than {@link #MAX_TEXT} is an
 * error.
 */
public final class ExpressionEvaluator {
    /** The longest string an evaluation may build (format, join, toJSON). */
    public static final int MAX_TEXT = 1 << 20;

    private final ExpressionScope scope;

    public ExpressionEvaluator(ExpressionScope scope) {
        this.scope = scope;
    }

    /** The value of {@code e}. */
    public Object evaluate(Expr e) throws ExpressionException {
        if (e instanceof Expr.Literal l) {
            return l.value();
        } else if (e instanceof Expr.ContextRef c) {
            String n = c.name().toLowerCase(Locale.ROOT);
            if (!scope.contexts().containsKey(n)) {
                throw new ExpressionException("unknown context '" + c.name() + "'", c.offset());
            }
            return scope.contexts().get(n);
        } else if (e instanceof Expr.Index i) {
            Object target = evaluate(i.target());
            Object key = evaluate(i.key());
            if (filtered(i.target())) {
                List<Object> out = new ArrayList<>();
                for (Object item : (List<?>) target) {
                    Object v = ExpressionValues.index(item, key);
                    if (v != null) {
                        out.add(v);
                    }
                }
                return Collections.unmodifiableList(out);
            }
            return ExpressionValues.index(target, key);
        } else if (e instanceof Expr.Star s) {
            Object target = evaluate(s.target());
            if (target instanceof List<?> list) {
                return list;
            } else if (target instanceof Map<?, ?> map) {
                return List.copyOf(map.values().stream().map(v -> v == null ? "" : v).toList());
            }
            return List.of();
        } else if (e instanceof Expr.Not n) {
            return !ExpressionValues.truthy(evaluate(n.operand()));
        } else if (e instanceof Expr.Binary b) {
            return binary(b);
        }
        return call((Expr.Call) e);
    }

    /** Whether {@code e} gives the array of an object filter ({@code a.*}, {@code a.*.b}): indexing maps over it. */
    private static boolean filtered(Expr e) {
        return e instanceof Expr.Star || e instanceof Expr.Index i && filtered(i.target());
    }

    /** {@code e} as text (for {@code ${{ }}} inside a string). */
    public String text(Expr e) throws ExpressionException {
        return ExpressionValues.toText(evaluate(e));
    }

    private Object binary(Expr.Binary b) throws ExpressionException {
        Object left = evaluate(b.left());
        switch (b.op()) {
            case "&&":
                return ExpressionValues.truthy(left) ? evaluate(b.right()) : left;
            case "||":
                return ExpressionValues.truthy(left) ? left : evaluate(b.right());
            default:
                break;
        }
        Object right = evaluate(b.right());
        if (b.op().equals("==")) {
            return ExpressionValues.looseEquals(left, right);
        } else if (b.op().equals("!=")) {
            return !ExpressionValues.looseEquals(left, right);
        }
        Integer c = ExpressionValues.compare(left, right);
        if (c == null) {
            return false;
        }
        return switch (b.op()) {
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            default -> c >= 0;
        };
    }

    private Object call(Expr.Call c) throws ExpressionException {
        String name = c.name().toLowerCase(Locale.ROOT);
        int[] arity = ExpressionLanguage.arity(name);
        if (arity == null || c.args().size() < arity[0] || c.args().size() > arity[1]) {
            ExpressionLanguage.check(c, scope.contexts().keySet());
        }
        switch (name) {
            case "success":
                return !scope.failed() && !scope.cancelled();
            case "failure":
                return scope.failed();
            case "always":
                return true;
            case "cancelled":
                return scope.cancelled();
            default:
                break;
        }
        List<Object> args = new ArrayList<>();
        for (Expr a : c.args()) {
            args.add(evaluate(a));
        }
        switch (name) {
            case "contains": {
                Object search = args.get(0);
                if (search instanceof List<?> list) {
                    for (Object item : list) {
                        if (ExpressionValues.looseEquals(item, args.get(1))) {
                            return true;
                        }
                    }
                    return false;
                }
                return lower(search).contains(lower(args.get(1)));
            }
            case "startswith":
                return lower(args.get(0)).startsWith(lower(args.get(1)));
            case "endswith":
                return lower(args.get(0)).endsWith(lower(args.get(1)));
            case "format":
                return format(c, args);
            case "join": {
                String sep = args.size() > 1 ? ExpressionValues.toText(args.get(1)) : ",";
                if (args.get(0) instanceof List<?> list) {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < list.size(); i++) {
                        if (i > 0) {
                            sb.append(sep);
                        }
                        sb.append(ExpressionValues.toText(list.get(i)));
                        bound(sb.length(), c);
                    }
                    return sb.toString();
                }
                return ExpressionValues.toText(args.get(0));
            }
            case "tojson": {
                String json = Json.write(args.get(0));
                bound(json.length(), c);
                return json;
            }
            case "fromjson":
                try {
                    return Json.read(ExpressionValues.toText(args.get(0)));
                } catch (ExpressionException x) {
                    throw new ExpressionException(x.getMessage(), c.offset());
                }
            case "hashfiles": {
                List<String> patterns = new ArrayList<>();
                args.forEach(a -> patterns.add(ExpressionValues.toText(a)));
                try {
                    return scope.hashFiles().hash(patterns);
                } catch (ExpressionException x) {
                    throw new ExpressionException(x.getMessage(), c.offset());
                }
            }
            default:
                throw new ExpressionException("unknown function '" + c.name() + "'", c.offset());
        }
    }

    private static String format(Expr.Call c, List<Object> args) throws ExpressionException {
        String f = ExpressionValues.toText(args.get(0));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < f.length(); i++) {
            char ch = f.charAt(i);
            if (ch == '{' && i + 1 < f.length() && f.charAt(i + 1) == '{') {
                sb.append('{');
                i++;
            } else if (ch == '}' && i + 1 < f.length() && f.charAt(i + 1) == '}') {
                sb.append('}');
                i++;
            } else if (ch == '{') {
                int close = f.indexOf('}', i);
                String index = close < 0 ? "" : f.substring(i + 1, close);
                if (!index.matches("\\d{1,3}")) {
                    throw new ExpressionException("format: '{' must start {N} or be doubled ({{)", c.offset());
                }
                int n = Integer.parseInt(index);
                if (n + 1 >= args.size()) {
                    throw new ExpressionException("format: {" + n + "} has no argument", c.offset());
                }
                sb.append(ExpressionValues.toText(args.get(n + 1)));
                i = close;
            } else if (ch == '}') {
                throw new ExpressionException("format: a lone '}' must be doubled (}})", c.offset());
            } else {
                sb.append(ch);
            }
            bound(sb.length(), c);
        }
        return sb.toString();
    }

    private static void bound(int length, Expr.Call c) throws ExpressionException {
        if (length > MAX_TEXT) {
            throw new ExpressionException(c.name() + ": result longer than " + MAX_TEXT + " characters",
                    c.offset());
        }
    }

    private static String lower(Object v) {
        return ExpressionValues.toText(v).toLowerCase(Locale.ROOT);
    }
}
