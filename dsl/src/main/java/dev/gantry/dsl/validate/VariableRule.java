package dev.gantry.dsl.validate;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Variable;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Variable names within an action (reference §3.3).
 *
 * <ul>
 *   <li>{@code variable-duplicate} (warning): the same name twice in {@code Inputs.Variables} (the last one
 *       wins) or in {@code Outputs.Variables}.</li>
 *   <li>{@code variable-name} (warning): an input variable of a build or test action whose name the shell cannot
 *       read ({@code REPOSITORY-URI} is allowed by the service but is not {@code $REPOSITORY-URI} in a step).</li>
 * </ul>
 */
final class VariableRule implements Rule {
    static final Pattern SHELL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    @Override
    public void check(ValidationContext ctx) {
        for (Action a : ctx.workflow().actions()) {
            String path = ValidationContext.path(a);
            List<Variable> in = a.inputs().variables();
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < in.size(); i++) {
                String name = in.get(i).name();
                if (name == null) {
                    continue;
                }
                String at = path + "/Inputs/Variables/" + i + "/Name";
                if (!seen.add(name)) {
                    ctx.warning(at, "variable-duplicate", "input variable " + name + " is defined twice in action "
                            + a.id() + "; only one value can apply: remove one");
                } else if (a.runsSteps() && !SHELL_NAME.matcher(name).matches()) {
                    ctx.warning(at, "variable-name", "steps cannot read input variable '" + name + "' as $" + name
                            + " because it is not a shell variable name: use letters, digits and _ only");
                }
            }
            List<String> out = a.outputs().variables();
            Set<String> exported = new HashSet<>();
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i) != null && !exported.add(out.get(i))) {
                    ctx.warning(path + "/Outputs/Variables/" + i, "variable-duplicate", "output variable "
                            + out.get(i) + " is listed twice in action " + a.id() + ": remove one");
                }
            }
        }
    }
}
