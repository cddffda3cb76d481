package dev.gantry.dsl.validate;

import dev.gantry.engine.diagnostic.Severity;
import dev.gantry.engine.github.Expr;
import dev.gantry.engine.github.ExpressionException;
import dev.gantry.engine.github.ExpressionLanguage;
import dev.gantry.engine.github.ExpressionParser;
import dev.gantry.engine.github.ExpressionValues;
import dev.gantry.engine.github.StepShell;
import dev.gantry.engine.github.Template;
import dev.gantry.engine.model.Action;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The GitHub steps of {@code aws/github-actions-runner} actions (reference §2.12), checked before anything runs:
 * <ul>
 *   <li>{@code gha-expression} (error): a {@code ${{ }}} (or an {@code if:}) that does not parse, names a context a
 *       step cannot read or a function GitHub does not have, or calls one with the wrong number of arguments; at
 *       the expression's line:column. GitHub would give an empty string or fail the job; Gantry says so now.</li>
 *   <li>{@code gha-step-ref} (error): {@code steps.X} where no earlier step has {@code id: X}.</li>
 *   <li>{@code gha-step-id} (error): an {@code id} that is not GitHub's form or is used twice.</li>
 *   <li>{@code gha-shell} (error): a {@code shell} Gantry's Linux runners do not have.</li>
 *   <li>{@code gha-timeout} (error): a {@code timeout-minutes} that is not a positive number.</li>
 * </ul>
 */
final class GithubStepsRule implements Rule {
    static final String IDENTIFIER = "aws/github-actions-runner";
    private static final Pattern STEP_ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    @Override
    public void check(ValidationContext ctx) {
        for (Action a : ctx.workflow().actions()) {
            if (IDENTIFIER.equals(a.identifierName())
                    && a.configuration().properties().get("Steps") instanceof List<?> steps) {
                check(ctx, ValidationContext.path(a) + "/Configuration/Steps/", steps);
            }
        }
    }

    private void check(ValidationContext ctx, String base, List<?> steps) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < steps.size(); i++) {
            if (!(steps.get(i) instanceof Map<?, ?> step)) {
                continue;
            }
            String path = base + i + "/";
            Set<String> earlier = Set.copyOf(ids);
            for (Map.Entry<?, ?> e : step.entrySet()) {
                String key = String.valueOf(e.getKey());
                walk(ctx, path + key, key, e.getValue(), earlier);
            }
            if (step.get("id") != null) {
                String id = String.valueOf(step.get("id"));
                if (!STEP_ID.matcher(id).matches()) {
                    ctx.error(path + "id", "gha-step-id", "step id '" + id + "' must start with a letter or _ and "
                            + "contain only letters, digits, - and _");
                } else if (!ids.add(id.toLowerCase(Locale.ROOT))) {
                    ctx.error(path + "id", "gha-step-id", "step id '" + id + "' is used by an earlier step");
                }
            }
            if (step.get("shell") instanceof String shell && !Template.hasExpressions(shell)) {
                String problem = StepShell.problem(shell);
                if (problem != null) {
                    ctx.error(path + "shell", "gha-shell", problem);
                }
            }
            Object timeout = step.get("timeout-minutes");
            if (timeout != null && !(timeout instanceof String s && Template.hasExpressions(s))) {
                double d = timeout instanceof Number n ? n.doubleValue()
                        : ExpressionValues.parseNumber(String.valueOf(timeout));
                if (!(d > 0) || Double.isInfinite(d)) {
                    ctx.error(path + "timeout-minutes", "gha-timeout", "timeout-minutes must be a positive number "
                            + "of minutes, not '" + timeout + "'");
                }
            }
        }
    }

    private void walk(ValidationContext ctx, String path, String key, Object value, Set<String> earlier) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(ctx, path + "/" + k, key, v, earlier));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(ctx, path + "/" + i, key, list.get(i), earlier);
            }
        } else if (value instanceof String text) {
            if (key.equals("if") && !Template.hasExpressions(text)) {
                expression(ctx, path, text, 0, earlier);
                return;
            }
            if (!Template.hasExpressions(text)) {
                return;
            }
            try {
                for (Template.Span span : Template.spans(text)) {
                    expression(ctx, path, span.source(), span.offset(), earlier);
                }
            } catch (ExpressionException e) {
                report(ctx, path, e.offset(), e.getMessage());
            }
        }
    }

    private void expression(ValidationContext ctx, String path, String text, int offset, Set<String> earlier) {
        try {
            checkNames(ctx, path, ExpressionParser.parse(text), offset, earlier);
        } catch (ExpressionException e) {
            report(ctx, path, offset + e.offset(), e.getMessage());
        }
    }

    private void checkNames(ValidationContext ctx, String path, Expr e, int offset, Set<String> earlier) {
        try {
            ExpressionLanguage.check(e, ExpressionLanguage.CONTEXTS);
        } catch (ExpressionException x) {
            report(ctx, path, offset + x.offset(), x.getMessage());
            return;
        }
        stepRefs(ctx, path, e, offset, earlier);
    }

    private void stepRefs(ValidationContext ctx, String path, Expr e, int offset, Set<String> earlier) {
        if (e instanceof Expr.Index i && i.target() instanceof Expr.ContextRef c
                && c.name().equalsIgnoreCase("steps") && i.key() instanceof Expr.Literal l) {
            String id = ExpressionValues.toText(l.value());
            if (!earlier.contains(id.toLowerCase(Locale.ROOT))) {
                ctx.report(ctx.sourceMap().positionInText(path, offset + l.offset()), Severity.ERROR, "gha-step-ref",
                        "steps." + id + ": no earlier step has id '" + id + "'" + (earlier.isEmpty() ? ""
                        : "; earlier ids: " + String.join(", ", earlier.stream().sorted().toList())));
            }
        }
        for (Expr child : ExpressionLanguage.children(e)) {
            stepRefs(ctx, path, child, offset, earlier);
        }
    }

    private static void report(ValidationContext ctx, String path, int offset, String message) {
        ctx.report(ctx.sourceMap().positionInText(path, offset), Severity.ERROR, "gha-expression", message);
    }
}
