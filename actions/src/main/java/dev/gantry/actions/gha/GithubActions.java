package dev.gantry.actions.gha;

import dev.gantry.engine.github.Expr;
import dev.gantry.engine.github.ExpressionException;
import dev.gantry.engine.github.ExpressionLanguage;
import dev.gantry.engine.github.ExpressionValues;
import dev.gantry.engine.github.Template;
import dev.gantry.engine.github.StepShell;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.run.ActionTypes;
import dev.gantry.engine.run.ActionWork;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What Gantry does for {@code aws/github-actions-runner@v1} (bound in {@code ActionRegistry}): its
 * {@code Configuration.Steps} run through a {@link GithubStepsDriver} on the action's runner. At
 * plan time it refuses what could only fail later: an action of a {@code uses:} step that the action cache cannot
 * provide (the message says how to provide it), a shell Gantry's runners do not have, and a {@code secrets.NAME}
 * with no value.
 */
public final class GithubActions implements ActionTypes {
    /** The identifier, without version. */
    public static final String IDENTIFIER = "aws/github-actions-runner";
    /** The plan-time rule of a GitHub action that lacks something (an action, a secret, a usable shell). */
    public static final String MISSING_RULE = "gha-action-missing";

    private final GithubRunInfo info;
    private final GithubActionSteps actions;

    public GithubActions(GithubRunInfo info, ActionSource source) {
        this.info = info;
        this.actions = new GithubActionSteps(source);
    }

    @Override
    public ActionWork work(Action action) {
        List<GithubStep> steps = GithubStep.of(action.configuration().properties().get("Steps"));
        if (steps.isEmpty()) {
            return new ActionWork.Unsupported("it has no Configuration.Steps");
        }
        List<String> problems = new ArrayList<>();
        Set<String> missingSecrets = new LinkedHashSet<>();
        for (GithubStep s : steps) {
            String shell = StepShell.problem(s.shell());
            if (shell != null) {
                problems.add("step " + s.index() + ": " + shell);
            }
            if (s.uses() != null) {
                try {
                    actions.locate(s.uses());
                } catch (GithubActionSteps.StepFailure e) {
                    problems.add("step " + s.index() + ": " + e.getMessage());
                }
            }
            secretsOf(s, missingSecrets);
        }
        for (String name : missingSecrets) {
            problems.add("secret '" + name + "' (secrets." + name + ") has no value: give --secret " + name
                    + "=VALUE, put it in a --secrets-file, or set GANTRY_SECRET_" + name);
        }
        if (!problems.isEmpty()) {
            return new ActionWork.Unsupported(String.join("; ", problems), MISSING_RULE);
        }
        return new ActionWork.RunSteps(steps.stream().map(GithubStep::title).toList(),
                new GithubStepsDriver(info, actions));
    }

    private void secretsOf(GithubStep s, Set<String> missing) {
        List<String> texts = new ArrayList<>();
        texts.add(s.condition());
        texts.add(s.run());
        texts.addAll(s.env().values());
        texts.addAll(s.with().values());
        for (String t : texts) {
            if (t == null || !t.contains("secrets")) {
                continue;
            }
            try {
                String text = t;
                if (t == s.condition() && !Template.hasExpressions(t)) {
                    text = "${{ " + t + " }}";
                }
                for (Template.Part p : Template.parse(text).parts()) {
                    if (p instanceof Template.Code c) {
                        collect(c.expr(), missing);
                    }
                }
            } catch (ExpressionException e) {
                // reported by the validator and when the step runs
            }
        }
    }

    private void collect(Expr e, Set<String> missing) {
        if (e instanceof Expr.Index i && i.target() instanceof Expr.ContextRef c
                && c.name().equalsIgnoreCase("secrets") && i.key() instanceof Expr.Literal l) {
            String name = ExpressionValues.toText(l.value());
            if (info.secrets().keySet().stream().noneMatch(name::equalsIgnoreCase)) {
                missing.add(name);
            }
        }
        for (Expr child : ExpressionLanguage.children(e)) {
            collect(child, missing);
        }
    }
}
