package dev.gantry.engine.github;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What Gantry's GitHub expressions may name: the contexts a step of an {@code aws/github-actions-runner} action can
 * read and the functions, with their number of arguments. One place, used by the validator (plan time) and the
 * evaluator (run time).
 */
public final class ExpressionLanguage {
    /** Contexts available to the steps of an action. */
    public static final Set<String> CONTEXTS = Set.of("github", "env", "steps", "runner", "secrets", "job");
    /** Contexts only an action's own {@code action.yml} (composite steps, inputs defaults) can read. */
    public static final Set<String> ACTION_CONTEXTS = Set.of("inputs");
    /** GitHub contexts with no meaning inside one CodeCatalyst action, and why. */
    public static final Map<String, String> UNAVAILABLE = Map.of(
            "matrix", "a CodeCatalyst action has no matrix (use the Groovy DSL's matrix to generate actions)",
            "strategy", "a CodeCatalyst action has no strategy",
            "needs", "CodeCatalyst actions pass values as output variables: use ${Action.Variable}",
            "jobs", "there are no GitHub jobs inside a CodeCatalyst action",
            "vars", "GitHub configuration variables do not exist in CodeCatalyst: use an input variable",
            "inputs", "inputs are only defined inside an action's action.yml");

    /** Function name (lower case) to {minimum, maximum} number of arguments. */
    private static final Map<String, int[]> FUNCTIONS = Map.ofEntries(
            Map.entry("contains", new int[] {2, 2}),
            Map.entry("startswith", new int[] {2, 2}),
            Map.entry("endswith", new int[] {2, 2}),
            Map.entry("format", new int[] {1, 255}),
            Map.entry("join", new int[] {1, 2}),
            Map.entry("tojson", new int[] {1, 1}),
            Map.entry("fromjson", new int[] {1, 1}),
            Map.entry("hashfiles", new int[] {1, 255}),
            Map.entry("success", new int[] {0, 0}),
            Map.entry("failure", new int[] {0, 0}),
            Map.entry("always", new int[] {0, 0}),
            Map.entry("cancelled", new int[] {0, 0}));

    /** The status functions: an {@code if:} without one means {@code success() && (...)}. */
    public static final Set<String> STATUS_FUNCTIONS = Set.of("success", "failure", "always", "cancelled");

    private ExpressionLanguage() {
    }

    /** The functions' names as GitHub spells them, for messages. */
    public static final String FUNCTION_NAMES = "contains, startsWith, endsWith, format, join, toJSON, fromJSON, "
            + "hashFiles, success, failure, always, cancelled";

    /** Whether {@code name} (any case) is a function. */
    public static boolean isFunction(String name) {
        return FUNCTIONS.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** {min, max} arguments of a function. */
    static int[] arity(String name) {
        return FUNCTIONS.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Checks the names in {@code e}: every context is one of {@code contexts}, every function exists and has a
     * right number of arguments. Throws at the first problem, with its offset.
     */
    public static void check(Expr e, Set<String> contexts) throws ExpressionException {
        if (e instanceof Expr.ContextRef c) {
            String n = c.name().toLowerCase(Locale.ROOT);
            if (!contexts.contains(n)) {
                String why = UNAVAILABLE.get(n);
                throw new ExpressionException("unknown context '" + c.name() + "'" + (why != null ? ": " + why
                        : "; available: " + String.join(", ", contexts.stream().sorted().toList())), c.offset());
            }
        } else if (e instanceof Expr.Call call) {
            int[] arity = arity(call.name());
            if (arity == null) {
                throw new ExpressionException("unknown function '" + call.name() + "'; the functions are "
                        + FUNCTION_NAMES, call.offset());
            }
            if (call.args().size() < arity[0] || call.args().size() > arity[1]) {
                throw new ExpressionException(call.name() + "() takes " + (arity[0] == arity[1] ? arity[0]
                        : arity[0] + " or more") + " argument" + (arity[1] == 1 ? "" : "s") + ", not "
                        + call.args().size(), call.offset());
            }
        }
        for (Expr child : children(e)) {
            check(child, contexts);
        }
    }

    /** Whether {@code e} calls a status function anywhere. */
    public static boolean callsStatusFunction(Expr e) {
        if (e instanceof Expr.Call c && STATUS_FUNCTIONS.contains(c.name().toLowerCase(Locale.ROOT))) {
            return true;
        }
        return children(e).stream().anyMatch(ExpressionLanguage::callsStatusFunction);
    }

    /** The direct sub-expressions of {@code e}. */
    public static java.util.List<Expr> children(Expr e) {
        if (e instanceof Expr.Index i) {
            return java.util.List.of(i.target(), i.key());
        } else if (e instanceof Expr.Star s) {
            return java.util.List.of(s.target());
        } else if (e instanceof Expr.Not n) {
            return java.util.List.of(n.operand());
        } else if (e instanceof Expr.Binary b) {
            return java.util.List.of(b.left(), b.right());
        } else if (e instanceof Expr.Call c) {
            return c.args();
        }
        return java.util.List.of();
    }
}
