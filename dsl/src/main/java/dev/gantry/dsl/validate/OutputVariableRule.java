package dev.gantry.dsl.validate;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Step;
import dev.gantry.engine.model.Variable;

import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code output-variable-undefined}: a build or test action exports (in {@code Outputs.Variables}) a variable
 * that it never defines — not in its {@code Inputs.Variables}, not assigned in a step (reference §2.11, §3.6).
 * Steps are shell text, so this reads them the way a person would: {@code NAME=}, {@code export NAME},
 * {@code declare}/{@code local}/{@code readonly}/{@code typeset NAME}, {@code read ... NAME},
 * {@code for NAME in}, {@code printf -v NAME}, {@code mapfile}/{@code readarray NAME}, {@code getopts ... NAME},
 * {@code ((NAME...))}. An error when the name appears nowhere in the steps; only a warning when a step could
 * define it in a way text cannot tell ({@code source}, {@code .}, {@code eval}) or mentions it otherwise, or when
 * the name is one the environment already has ({@code CATALYST_*}, {@code PATH}, ...).
 */
final class OutputVariableRule implements Rule {
    private static final Pattern INDIRECT = Pattern.compile(
            "(?:^|[;&|(`]|\\bthen|\\bdo|\\belse)[ \\t]*(?:source|\\.|eval)[ \\t]+\\S", Pattern.MULTILINE);
    private static final Pattern ENVIRONMENT_NAME =
            Pattern.compile("CATALYST_.*|AWS_.*|PATH|HOME|PWD|OLDPWD|USER|HOSTNAME|SHELL|LANG|TERM|TMPDIR|CI");

    @Override
    public void check(ValidationContext ctx) {
        for (Action a : ctx.workflow().actions()) {
            if (!a.runsSteps()) {
                continue;
            }
            List<String> out = a.outputs().variables();
            for (int i = 0; i < out.size(); i++) {
                String name = out.get(i);
                if (name == null || inputs(a, name)) {
                    continue;
                }
                Pattern defines = definitions(name);
                Pattern mentions = Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(name) + "(?![A-Za-z0-9_])");
                boolean defined = false;
                boolean mentioned = false;
                boolean indirect = false;
                for (Step s : a.configuration().steps()) {
                    String run = s.run() == null ? "" : s.run();
                    defined |= defines.matcher(run).find();
                    mentioned |= mentions.matcher(run).find();
                    indirect |= INDIRECT.matcher(run).find();
                }
                if (defined) {
                    continue;
                }
                String path = ValidationContext.path(a) + "/Outputs/Variables/" + i;
                String msg = "action " + a.id() + " exports " + name + ", but ";
                boolean setOutput = a.configuration().steps().stream().anyMatch(st -> st.run() != null
                        && st.run().contains("::set-output name=" + name + "::"));
                if (setOutput) {
                    ctx.warning(path, "output-variable-undefined", msg + "only prints '::set-output name=" + name
                            + "::', which works in custom actions, not in " + a.identifier() + " steps: assign it "
                            + "instead ('- Run: " + name + "=...')");
                } else if (mentioned || indirect || ENVIRONMENT_NAME.matcher(name).matches()) {
                    ctx.warning(path, "output-variable-undefined", msg + "no step visibly assigns it"
                            + (indirect ? " (a step sources or evals other code, which may)" : "")
                            + "; make sure a step sets it, e.g. '- Run: " + name + "=...'");
                } else {
                    ctx.error(path, "output-variable-undefined", msg + "neither its Inputs.Variables nor any step "
                            + "defines it, so it would be empty: assign it in a step ('- Run: " + name
                            + "=...') or remove it from Outputs.Variables");
                }
            }
        }
    }

    private static boolean inputs(Action a, String name) {
        for (Variable v : a.inputs().variables()) {
            if (name.equals(v.name())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Text forms that set shell variable {@code name}. The repeated parts (options, other names) are bounded: Java's
     * matcher recurses once per repetition of a group, so an unbounded one overflowed the stack on a line of some
     * 700 words (found by the fuzzing harness); nobody writes more options or names than these before the one sought.
     */
    static Pattern definitions(String name) {
        String n = Pattern.quote(name);
        String start = "(?:^|[\\s;&|(`{!])";
        String end = "(?![A-Za-z0-9_])";
        String opts = "(?:\\s+-[-A-Za-z0-9]+){0,16}";
        String valued = "(?:\\s+-[A-Za-z]\\s+\\S+){0,16}";
        String names = "(?:\\s+[A-Za-z_][A-Za-z0-9_]*(?:=\\S*)?){0,64}";
        return Pattern.compile(String.join("|",
                start + n + "(?:\\[[^\\]]*\\])?\\+?=",
                start + "(?:export|declare|typeset|local|readonly)" + opts + names + "\\s+" + n + end,
                start + "read" + opts + valued + names + "\\s+" + n + end,
                start + "for\\s+" + n + "\\s+in" + end,
                start + "printf\\s+-v\\s+" + n + end,
                start + "(?:mapfile|readarray)" + opts + valued + "\\s+" + n + end,
                start + "getopts\\s+\\S+\\s+" + n + end,
                "\\(\\(\\s*" + n + end), Pattern.MULTILINE);
    }
}
