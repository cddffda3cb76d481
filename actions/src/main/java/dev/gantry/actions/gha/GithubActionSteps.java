package dev.gantry.actions.gha;

import dev.gantry.engine.github.ExpressionException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a {@code uses:} step runs: {@code actions/checkout} is satisfied by the workspace Gantry prepared; a
 * JavaScript action ({@code node12/16/20}) runs its {@code main} (and {@code pre}/{@code post}) with the runner's
 * {@code node}; a composite action's steps run as steps; a Docker action ({@code docker://image}, or
 * {@code runs.using: docker} with a {@code Dockerfile} or an image) runs through the runner's Docker engine. Inputs
 * are {@code with:} values over {@code action.yml} defaults, given as {@code INPUT_<NAME>}.
 */
public final class GithubActionSteps {
    private final ActionSource source;

    public GithubActionSteps(ActionSource source) {
        this.source = source;
    }

    /** A step cannot run (its action is missing or malformed). */
    public static final class StepFailure extends Exception {
        public StepFailure(String message) {
            super(message);
        }
    }

    /** Renders {@code ${{ }}} in a text of action.yml with the step's contexts and the action's inputs so far. */
    @FunctionalInterface
    public interface Renderer {
        String render(String text, Map<String, String> inputs) throws ExpressionException;
    }

    /**
     * How to run one uses: step.
     *
     * @param folder    the action's folder ({@code null} for checkout and docker:// images)
     * @param inputs    the inputs by name (composite actions' {@code inputs} context)
     * @param composite the composite steps, or {@code null}
     * @param outputs   composite outputs: name to value expression
     * @param pre       the pre job, or {@code null}
     * @param main      the main job, or {@code null} (nothing to run)
     * @param post      the post job, or {@code null}
     * @param preIf     {@code pre-if}, or {@code null}
     * @param postIf    {@code post-if}, or {@code null}
     */
    public record Plan(Path folder, Map<String, String> inputs, List<GithubStep> composite,
                       Map<String, String> outputs, GithubStepsDriver.ActionJob pre,
                       GithubStepsDriver.ActionJob main, GithubStepsDriver.ActionJob post, String preIf,
                       String postIf) {
    }

    /** Whether {@code uses} is {@code actions/checkout}, which the prepared workspace satisfies. */
    public static boolean isCheckout(String uses) {
        return uses.strip().toLowerCase(Locale.ROOT).startsWith("actions/checkout@");
    }

    /**
     * Where the action of {@code uses} is, checked at plan time (a local {@code ./path} is checked when it runs,
     * since the workspace does not exist yet); {@code null} for checkout and {@code docker://}.
     */
    public Path locate(String uses) throws StepFailure {
        String u = uses.strip();
        if (isCheckout(u) || u.startsWith("docker://") || u.startsWith("./")) {
            return null;
        }
        ActionRef ref = ActionRef.parse(u);
        if (ref == null) {
            throw new StepFailure("uses: '" + u + "' is not owner/repo[/path]@ref, ./path or docker://image");
        }
        try {
            return source.folder(ref);
        } catch (ActionSource.ActionUnavailable e) {
            throw new StepFailure(e.getMessage());
        }
    }

    /** The plan for one step, its {@code with:} values already rendered. */
    public Plan plan(String uses, Map<String, String> with, Path workspace, Renderer render, Consumer<String> log)
            throws StepFailure, ExpressionException {
        if (isCheckout(uses)) {
            log.accept(uses + ": nothing to do, the workspace Gantry prepared already holds the WorkflowSource "
                    + "files (" + workspace + ")");
            return new Plan(null, Map.of(), null, Map.of(), null, null, null, null, null);
        }
        if (uses.startsWith("docker://")) {
            // GitHub: with.args are the container's arguments (split at spaces), with.entrypoint its entrypoint
            Map<String, String> inputs = new LinkedHashMap<>(with);
            String args = inputs.remove("args");
            String entrypoint = inputs.remove("entrypoint");
            Map<String, String> env = inputEnvironment(inputs, Map.of());
            List<String> argv = args == null ? List.of() : words(args);
            return new Plan(null, with, null, Map.of(), null,
                    new GithubStepsDriver.ActionJob(dockerRun(uses.substring("docker://".length()), env, entrypoint,
                            argv), null, env), null, null, null);
        }
        Path folder;
        if (uses.startsWith("./")) {
            folder = workspace.resolve(uses).normalize();
            if (!folder.startsWith(workspace) || !Files.isDirectory(folder)) {
                throw new StepFailure("uses: '" + uses + "' is not a folder of the workspace");
            }
        } else {
            folder = locate(uses);
        }
        ActionMetadata meta;
        try {
            meta = ActionMetadata.read(folder);
        } catch (IOException e) {
            throw new StepFailure("uses: " + uses + ": " + e.getMessage());
        }
        Map<String, String> inputs = new LinkedHashMap<>();
        for (Map.Entry<String, String> in : meta.inputs().entrySet()) {
            String v = with.containsKey(in.getKey()) ? with.get(in.getKey())
                    : in.getValue() == null ? "" : render.render(in.getValue(), inputs);
            inputs.put(in.getKey(), v);
            if (meta.required().contains(in.getKey()) && !with.containsKey(in.getKey()) && in.getValue() == null) {
                log.accept("warning: input '" + in.getKey() + "' of " + uses + " is required and not given");
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (Map.Entry<String, String> w : with.entrySet()) {
            if (!meta.inputs().containsKey(w.getKey())) {
                unexpected.add(w.getKey());
                inputs.put(w.getKey(), w.getValue());
            }
        }
        if (!unexpected.isEmpty()) {
            log.accept("warning: unexpected input(s) " + unexpected + " for " + uses + "; valid inputs are "
                    + meta.inputs().keySet());
        }
        Map<String, String> env = inputEnvironment(inputs, Map.of());
        String using = meta.using() == null ? "" : meta.using();
        if (using.equals("composite")) {
            return new Plan(folder, inputs, meta.steps(), meta.outputs(), null, null, null, null, null);
        }
        if (meta.isNode()) {
            String main = meta.run("main");
            if (main == null) {
                throw new StepFailure("uses: " + uses + ": action.yml has runs.using " + using + " but no main");
            }
            return new Plan(folder, inputs, null, Map.of(), node(meta.run("pre"), folder, env),
                    node(main, folder, env), node(meta.run("post"), folder, env), meta.run("pre-if"),
                    meta.run("post-if"));
        }
        if (using.equals("docker")) {
            String image = meta.run("image");
            if (image == null) {
                throw new StepFailure("uses: " + uses + ": action.yml has runs.using docker but no image");
            }
            List<String> args = new ArrayList<>();
            if (meta.runs().get("args") instanceof List<?> list) {
                for (Object a : list) {
                    args.add(render.render(String.valueOf(a), inputs));
                }
            }
            Map<String, String> dockerEnv = new LinkedHashMap<>(env);
            if (meta.runs().get("env") instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    dockerEnv.put(String.valueOf(e.getKey()), render.render(String.valueOf(e.getValue()), inputs));
                }
            }
            String entrypoint = meta.run("entrypoint");
            String command;
            if (image.startsWith("docker://")) {
                command = dockerRun(image.substring("docker://".length()), dockerEnv, entrypoint, args);
            } else {
                String tag = "gantry-gha-" + Integer.toHexString(folder.toString().hashCode());
                command = "docker build -q -t " + tag + " -f \"$GITHUB_ACTION_PATH\"/" + quote(image)
                        + " \"$GITHUB_ACTION_PATH\" >/dev/null && " + dockerRun(tag, dockerEnv, entrypoint, args);
            }
            return new Plan(folder, inputs, null, Map.of(), null,
                    new GithubStepsDriver.ActionJob(command, folder, dockerEnv), null, null, null);
        }
        throw new StepFailure("uses: " + uses + ": runs.using '" + using + "' is not supported (node12/16/20, "
                + "composite and docker are)");
    }

    private static GithubStepsDriver.ActionJob node(String script, Path folder, Map<String, String> env) {
        return script == null ? null
                : new GithubStepsDriver.ActionJob("node \"$GITHUB_ACTION_PATH\"/" + quote(script), folder, env);
    }

    /** {@code INPUT_<NAME>} for each input: upper case, spaces as underscores (GitHub's rule). */
    static Map<String, String> inputEnvironment(Map<String, String> inputs, Map<String, String> more) {
        Map<String, String> env = new LinkedHashMap<>();
        inputs.forEach((k, v) -> env.put("INPUT_" + k.replace(' ', '_').toUpperCase(Locale.ROOT), v));
        env.putAll(more);
        return env;
    }

    /**
     * A {@code docker run} of a Docker action: the workspace and the step's temporary folder mounted at their own
     * paths (so {@code GITHUB_WORKSPACE} and the {@code GITHUB_*} files keep their values), the working directory the
     * workspace, and every {@code INPUT_*}, {@code GITHUB_*}, {@code RUNNER_*} and {@code CI} variable passed by
     * name (values never on the command line).
     */
    static String dockerRun(String image, Map<String, String> env, String entrypoint, List<String> args) {
        StringBuilder sb = new StringBuilder("docker run --rm -i");
        sb.append(" -v \"$GITHUB_WORKSPACE\":\"$GITHUB_WORKSPACE\" -v \"$RUNNER_TEMP\":\"$RUNNER_TEMP\"");
        sb.append(" -w \"$GITHUB_WORKSPACE\"");
        sb.append(" $(compgen -e | grep -E '^(GITHUB_|RUNNER_|CI$|STATE_)' | sed 's/^/-e /')");
        for (String name : env.keySet()) {
            sb.append(" -e ").append(quote(name));
        }
        if (entrypoint != null) {
            sb.append(" --entrypoint ").append(quote(entrypoint));
        }
        sb.append(' ').append(quote(image));
        for (String a : args) {
            sb.append(' ').append(quote(a));
        }
        return sb.toString();
    }

    /** Splits at white space outside double quotes (how GitHub splits a docker:// step's args). */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : text.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    out.add(w.toString());
                }
                w.setLength(0);
                any = false;
            } else {
                w.append(c);
                any = true;
            }
        }
        if (any) {
            out.add(w.toString());
        }
        return out;
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
