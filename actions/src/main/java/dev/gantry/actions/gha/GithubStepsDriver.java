package dev.gantry.actions.gha;

import dev.gantry.engine.files.FolderTrees;
import dev.gantry.engine.github.ExpressionEvaluator;
import dev.gantry.engine.github.ExpressionException;
import dev.gantry.engine.github.ExpressionLanguage;
import dev.gantry.engine.github.ExpressionParser;
import dev.gantry.engine.github.ExpressionScope;
import dev.gantry.engine.github.ExpressionValues;
import dev.gantry.engine.github.Expr;
import dev.gantry.engine.github.Template;
import dev.gantry.engine.github.StepShell;
import dev.gantry.engine.run.Cancellation;
import dev.gantry.engine.run.JobEvents;
import dev.gantry.engine.run.Runner;
import dev.gantry.engine.run.StepsDriver;
import dev.gantry.engine.run.StepsJob;
import dev.gantry.engine.run.StepsResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the GitHub steps of an {@code aws/github-actions-runner} action as GitHub does, over the runner SPI: each
 * step (and each {@code pre}/{@code post} of an action) is one job on the action's runner, whose bash starts the
 * step's own process ({@link StepScript}), so one step's shell state never leaks into the next, as in GitHub. Between
 * jobs, in Java: {@code if:} is evaluated (with an implicit {@code success() &&}), {@code ${{ }}} in {@code env},
 * {@code with}, {@code run} and {@code working-directory} is rendered, the {@code GITHUB_OUTPUT}/{@code GITHUB_ENV}/
 * {@code GITHUB_PATH}/{@code GITHUB_STATE} files the step wrote are applied, and workflow commands
 * ({@code ::add-mask::}, {@code ::set-output}, {@code ::group::}, ...) in its output are obeyed. After the last step,
 * an output variable {@code X_NAME} listed in {@code Outputs.Variables} is output {@code NAME} of step {@code id: X}
 * (reference §2.12).
 */
public final class GithubStepsDriver implements StepsDriver {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** {@code github} context values that are no {@code GITHUB_*} variable (the token is a secret). */
    private static final Set<String> NOT_IN_ENVIRONMENT = Set.of("token", "action_path", "event");
    /** The most steps a composite action may nest. */
    private static final int MAX_NESTING = 10;

    private final GithubRunInfo info;
    private final GithubActionSteps actions;

    /** A driver for the steps of {@link StepsJob#action()} (workflow references already substituted). */
    public GithubStepsDriver(GithubRunInfo info, GithubActionSteps actions) {
        this.info = info;
        this.actions = actions;
    }

    @Override
    public StepsResult drive(StepsJob job, Runner runner, JobEvents events, Cancellation cancellation,
                             Consumer<String> secrets) throws InterruptedException {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gantry-gha-timeout");
            t.setDaemon(true);
            return t;
        });
        try {
            return new Session(job, runner, events, cancellation, secrets, timers).run();
        } finally {
            timers.shutdownNow();
        }
    }

    /** The steps of one frame: the action's own, or a composite action's. */
    static final class Frame {
        final Map<String, Object> steps = new LinkedHashMap<>();
        final Map<String, String> inputs;
        final Path actionFolder;
        final int depth;
        /** The environment its steps inherit: a composite action's steps see the env of the step using it. */
        final Map<String, String> env;

        Frame(Map<String, String> inputs, Path actionFolder, int depth, Map<String, String> env) {
            this.inputs = inputs;
            this.actionFolder = actionFolder;
            this.depth = depth;
            this.env = Map.copyOf(env);
        }
    }

    /** How a job ended. */
    record JobOutcome(int status, boolean timedOut, Map<String, String> files) {
    }

    /** A post step to run after the last step. */
    record Post(String title, String condition, ActionJob job, int index) {
    }

    /** A job to run for a uses: step: the command, the action's folder to make visible, extra environment. */
    public record ActionJob(String command, Path actionFolder, Map<String, String> env) {
    }

    /** One action's run of its steps; used from the action's thread only. */
    final class Session {
        final StepsJob job;
        final Runner runner;
        final JobEvents events;
        final Cancellation cancellation;
        final Consumer<String> secrets;
        final ScheduledExecutorService timers;
        final Map<String, String> githubEnv = new LinkedHashMap<>();
        final List<String> pathAdds = new ArrayList<>();
        final Deque<Post> posts = new ArrayDeque<>();
        final Set<String> stopTokens = new HashSet<>();
        boolean failed;
        int failedStep;
        int failedStatus = -1;
        String failure;
        int jobs;
        /** The outputs of the step running now (for ::set-output). */
        Map<String, Object> current = new LinkedHashMap<>();

        Session(StepsJob job, Runner runner, JobEvents events, Cancellation cancellation, Consumer<String> secrets,
                ScheduledExecutorService timers) {
            this.job = job;
            this.runner = runner;
            this.events = events;
            this.cancellation = cancellation;
            this.secrets = secrets;
            this.timers = timers;
        }

        StepsResult run() throws InterruptedException {
            Frame top = new Frame(null, null, 0, Map.of());
            for (GithubStep s : GithubStep.of(job.action().configuration().properties().get("Steps"))) {
                runStep(s, top, s.index());
            }
            while (!posts.isEmpty() && !cancellation.isCancelled()) {
                Post p = posts.pop();
                if (condition(p.condition(), top, p.index())) {
                    events.log("Post " + p.title());
                    JobOutcome o = runJob(p.job().command(), null, merged(top, Map.of()), defaultDirectory(),
                            p.job().actionFolder(), null, p.index(), p.job().env());
                    if (o.status() != 0) {
                        fail(p.index(), o.status(), "post step of '" + p.title() + "' failed with exit status "
                                + o.status());
                    }
                }
            }
            if (cancellation.isCancelled()) {
                return StepsResult.cancelled("cancelled");
            }
            if (failed) {
                return StepsResult.failed(failedStatus, failedStep, failure);
            }
            return StepsResult.succeeded(outputs(top));
        }

        private Map<String, String> outputs(Frame top) {
            Map<String, String> out = new LinkedHashMap<>();
            for (String name : job.outputVariables()) {
                String v = stepOutput(top, name);
                if (v == null) {
                    v = githubEnv.containsKey(name) ? githubEnv.get(name) : job.environment().get(name);
                }
                if (v != null) {
                    out.put(name, v);
                }
            }
            return out;
        }

        /** {@code X_NAME}: output NAME of the step with id X (ids may hold '_', so every split is tried). */
        private String stepOutput(Frame top, String name) {
            for (int us = name.indexOf('_'); us > 0; us = name.indexOf('_', us + 1)) {
                Object step = top.steps.get(name.substring(0, us));
                if (step instanceof Map<?, ?> m && m.get("outputs") instanceof Map<?, ?> outs
                        && outs.get(name.substring(us + 1)) instanceof String v) {
                    return v;
                }
            }
            return null;
        }

        void runStep(GithubStep s, Frame frame, int index) throws InterruptedException {
            if (cancellation.isCancelled()) {
                return;
            }
            Map<String, Object> record = new LinkedHashMap<>();
            Map<String, Object> outputs = new LinkedHashMap<>();
            record.put("outputs", outputs);
            boolean top = frame.depth == 0;
            if (!condition(s.condition(), frame, index)) {
                record.put("outcome", "skipped");
                record.put("conclusion", "skipped");
                frame.steps.put(s.contextId(), record);
                events.log((top ? "step " + index + " " : "") + "'" + s.title() + "' skipped: its if: ("
                        + (s.condition() == null ? "success()" : s.condition().strip()) + ") is false");
                return;
            }
            Map<String, Object> outer = current;
            current = outputs;
            long startedNanos = System.nanoTime();
            if (top) {
                events.stepStarted(index);
            } else {
                events.log("> " + s.title());
            }
            int status;
            String message = null;
            boolean continueOnError = false;
            try {
                ExpressionEvaluator ev = evaluator(frame, Map.of());
                continueOnError = s.continueOnError() != null && (Template.hasExpressions(s.continueOnError())
                        ? ExpressionValues.truthy(value(s.continueOnError(), ev))
                        : s.continueOnError().strip().equalsIgnoreCase("true"));
                Map<String, String> stepEnv = new LinkedHashMap<>();
                for (Map.Entry<String, String> e : s.env().entrySet()) {
                    stepEnv.put(e.getKey(), render(e.getValue(), evaluator(frame, stepEnv)));
                }
                ev = evaluator(frame, stepEnv);
                Double timeout = s.timeoutMinutes() == null ? null
                        : ExpressionValues.toNumber(value(s.timeoutMinutes(), ev));
                Map<String, String> env = merged(frame, stepEnv);
                Path wd = directory(s.workingDirectory() == null ? null : render(s.workingDirectory(), ev));
                JobOutcome o;
                if (s.run() != null) {
                    String script = render(s.run(), ev);
                    StepShell shell = StepShell.of(s.shell() == null ? null : render(s.shell(), ev));
                    o = runJob(shell.command("\"$GANTRY_STEP_SCRIPT\""), script, env, wd, frame.actionFolder,
                            timeout, index, Map.of());
                    status = o.status();
                    apply(o, s, frame, record, index);
                } else {
                    status = runUses(s, frame, ev, env, stepEnv, wd, timeout, index, record);
                }
                if (status != 0) {
                    message = "step " + index + " '" + s.title() + "' failed with exit status " + status;
                }
            } catch (ExpressionException e) {
                status = 1;
                message = "step " + index + " '" + s.title() + "': " + e.getMessage();
                events.log("error: " + e.getMessage());
            } catch (GithubActionSteps.StepFailure e) {
                status = 1;
                message = "step " + index + " '" + s.title() + "': " + e.getMessage();
                events.log("error: " + e.getMessage());
            }
            current = outer;
            String outcome = status == 0 ? "success" : cancellation.isCancelled() ? "cancelled" : "failure";
            record.put("outcome", outcome);
            record.put("conclusion", status != 0 && continueOnError ? "success" : outcome);
            frame.steps.put(s.contextId(), record);
            if (top) {
                events.stepFinished(index, status, java.time.Duration.ofNanos(System.nanoTime() - startedNanos));
            }
            if (status != 0) {
                if (continueOnError) {
                    events.log("step '" + s.title() + "' failed (exit status " + status
                            + "); continue-on-error lets the action go on");
                } else if (!cancellation.isCancelled()) {
                    fail(index, status, message);
                }
            }
        }

        private int runUses(GithubStep s, Frame frame, ExpressionEvaluator ev, Map<String, String> env,
                            Map<String, String> stepEnv, Path wd, Double timeout, int index,
                            Map<String, Object> record)
                throws ExpressionException, GithubActionSteps.StepFailure, InterruptedException {
            Map<String, String> with = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : s.with().entrySet()) {
                with.put(e.getKey(), render(e.getValue(), ev));
            }
            GithubActionSteps.Plan plan = actions.plan(s.uses().strip(), with, defaultDirectory(),
                    (text, inputs) -> render(text, evaluator(frame, stepEnv, inputs)), events::log);
            if (plan.composite() != null) {
                if (frame.depth >= MAX_NESTING) {
                    throw new GithubActionSteps.StepFailure("composite actions nested deeper than " + MAX_NESTING);
                }
                Map<String, String> innerEnv = new LinkedHashMap<>(frame.env);
                innerEnv.putAll(stepEnv);
                Frame inner = new Frame(plan.inputs(), plan.folder(), frame.depth + 1, innerEnv);
                boolean before = failed;
                failed = false;
                for (GithubStep inner1 : plan.composite()) {
                    runStep(inner1, inner, index);
                }
                boolean innerFailed = failed;
                failed = before || innerFailed;
                Map<String, Object> outs = new LinkedHashMap<>();
                ExpressionEvaluator innerEv = evaluator(inner, Map.of());
                for (Map.Entry<String, String> o : plan.outputs().entrySet()) {
                    outs.put(o.getKey(), o.getValue() == null ? "" : render(o.getValue(), innerEv));
                }
                record.put("outputs", outs);
                return innerFailed ? 1 : 0;
            }
            if (plan.main() == null) {
                return 0;
            }
            if (plan.pre() != null && condition(plan.preIf(), frame, index)) {
                JobOutcome pre = runJob(plan.pre().command(), null, env, wd, plan.pre().actionFolder(), timeout,
                        index, plan.pre().env());
                applyFiles(pre, frame, s, record, index);
                if (pre.status() != 0) {
                    return pre.status();
                }
            }
            JobOutcome o = runJob(plan.main().command(), null, env, wd, plan.main().actionFolder(), timeout, index,
                    plan.main().env());
            apply(o, s, frame, record, index);
            if (plan.post() != null) {
                Map<String, String> postEnv = new LinkedHashMap<>(plan.post().env());
                stateOf(o).forEach((k, v) -> postEnv.put("STATE_" + k, v));
                posts.push(new Post(s.title(), plan.postIf() == null ? "always()" : plan.postIf(),
                        new ActionJob(plan.post().command(), plan.post().actionFolder(), postEnv), index));
            }
            return o.status();
        }

        private Map<String, String> stateOf(JobOutcome o) {
            return StepScript.pairs(o.files().getOrDefault("STATE", ""), events::log);
        }

        private void apply(JobOutcome o, GithubStep s, Frame frame, Map<String, Object> record, int index) {
            applyFiles(o, frame, s, record, index);
            if (o.timedOut()) {
                events.log("step '" + s.title() + "' timed out (timeout-minutes: " + s.timeoutMinutes() + ")");
            }
        }

        @SuppressWarnings("unchecked")
        private void applyFiles(JobOutcome o, Frame frame, GithubStep s, Map<String, Object> record, int index) {
            Map<String, Object> outs = (Map<String, Object>) record.get("outputs");
            outs.putAll(StepScript.pairs(o.files().getOrDefault("OUTPUT", ""),
                    p -> events.log("warning: GITHUB_OUTPUT: " + p)));
            Map<String, String> envs = StepScript.pairs(o.files().getOrDefault("ENV", ""),
                    p -> events.log("warning: GITHUB_ENV: " + p));
            for (Map.Entry<String, String> e : envs.entrySet()) {
                if (e.getKey().equalsIgnoreCase("NODE_OPTIONS")) {
                    events.log("warning: GITHUB_ENV may not set NODE_OPTIONS (GitHub refuses it too); ignored");
                } else {
                    githubEnv.put(e.getKey(), e.getValue());
                }
            }
            for (String line : o.files().getOrDefault("PATH", "").split("\n")) {
                if (!line.isBlank()) {
                    pathAdds.add(0, line.strip());
                }
            }
            String summary = o.files().getOrDefault("STEP_SUMMARY", "");
            if (!summary.isBlank()) {
                events.log("step summary:");
                summary.lines().limit(1000).forEach(l -> events.log("  " + l));
            }
        }

        private void fail(int index, int status, String message) {
            if (!failed) {
                failedStep = index;
                failedStatus = status;
                failure = message;
            }
            failed = true;
        }

        /** Whether a step's {@code if:} holds (none: {@code success()}). */
        boolean condition(String condition, Frame frame, int index) throws InterruptedException {
            String text = condition == null ? "success()" : condition.strip();
            if (text.startsWith("${{") && text.endsWith("}}") && text.indexOf("${{", 3) < 0) {
                text = text.substring(3, text.length() - 2);
            }
            try {
                Expr e = ExpressionParser.parse(text);
                boolean status = ExpressionLanguage.callsStatusFunction(e);
                ExpressionEvaluator ev = evaluator(frame, Map.of());
                if (!status && (failed || cancellation.isCancelled())) {
                    return false;
                }
                return ExpressionValues.truthy(ev.evaluate(e));
            } catch (ExpressionException x) {
                events.log("error: if: " + x.getMessage());
                fail(index, 1, "step " + index + ": if: " + x.getMessage());
                return false;
            }
        }

        private Object value(String text, ExpressionEvaluator ev) throws ExpressionException {
            Template t = Template.parse(text);
            if (t.isSingleExpression()) {
                return ev.evaluate(((Template.Code) t.parts().get(0)).expr());
            }
            return t.render(ev);
        }

        private String render(String text, ExpressionEvaluator ev) throws ExpressionException {
            return Template.hasExpressions(text) ? Template.parse(text).render(ev) : text;
        }

        ExpressionEvaluator evaluator(Frame frame, Map<String, String> stepEnv) {
            return evaluator(frame, stepEnv, frame.inputs);
        }

        /** An evaluator with {@code inputs} as the inputs context ({@code null}: none). */
        ExpressionEvaluator evaluator(Frame frame, Map<String, String> stepEnv, Map<String, String> inputs) {
            Map<String, Object> contexts = new LinkedHashMap<>();
            Map<String, String> env = new LinkedHashMap<>(githubEnv);
            env.putAll(frame.env);
            env.putAll(stepEnv);
            contexts.put("env", Map.copyOf(env));
            contexts.put("steps", ExpressionValues.of(frame.steps));
            contexts.put("github", github(frame));
            contexts.put("runner", runnerContext());
            contexts.put("secrets", info.secrets());
            contexts.put("job", Map.of("status", cancellation.isCancelled() ? "cancelled" : failed ? "failure"
                    : "success"));
            if (inputs != null) {
                contexts.put("inputs", Map.copyOf(inputs));
            }
            return new ExpressionEvaluator(new ExpressionScope(contexts, failed, cancellation.isCancelled(),
                    patterns -> FileHashes.hash(job.workingDirectory(), patterns)));
        }

        private Map<String, Object> github(Frame frame) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("workspace", job.workingDirectory().toString());
            g.put("sha", info.sha());
            g.put("ref", info.ref());
            g.put("ref_name", info.branch());
            g.put("ref_type", "branch");
            g.put("repository", info.repository());
            g.put("repository_owner", info.repository().substring(0, Math.max(0, info.repository().indexOf('/'))));
            g.put("event_name", "push");
            g.put("event", Map.of());
            g.put("workflow", info.workflow());
            g.put("job", job.actionId());
            g.put("actor", info.actor());
            g.put("run_id", info.runId());
            g.put("run_number", "1");
            g.put("run_attempt", "1");
            g.put("server_url", "https://github.com");
            g.put("api_url", "https://api.github.com");
            g.put("graphql_url", "https://api.github.com/graphql");
            g.put("token", info.secrets().getOrDefault("GITHUB_TOKEN", ""));
            g.put("action_path", frame.actionFolder == null ? "" : frame.actionFolder.toString());
            return g;
        }

        private Map<String, Object> runnerContext() {
            return Map.of("os", "Linux", "arch", arch(), "name", runner.name(), "temp",
                    System.getProperty("java.io.tmpdir"), "tool_cache", System.getProperty("java.io.tmpdir"));
        }

        private String arch() {
            return "arm64".equals(runner.labels().architecture()) ? "ARM64" : "X64";
        }

        /** The environment of a job: the action's, the GitHub variables, GITHUB_ENV, then the step's own. */
        Map<String, String> merged(Frame frame, Map<String, String> stepEnv) {
            Map<String, String> env = new LinkedHashMap<>(job.environment());
            env.put("CI", "true");
            env.put("GITHUB_ACTIONS", "true");
            github(frame).forEach((key, value) -> {
                if (value instanceof String text && !NOT_IN_ENVIRONMENT.contains(key)) {
                    env.put("GITHUB_" + key.toUpperCase(java.util.Locale.ROOT), text);
                }
            });
            env.put("RUNNER_OS", "Linux");
            env.put("RUNNER_ARCH", arch());
            env.put("RUNNER_NAME", runner.name());
            env.putAll(githubEnv);
            env.putAll(frame.env);
            env.putAll(stepEnv);
            if (!pathAdds.isEmpty()) {
                String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
                env.put("PATH", String.join(":", pathAdds) + ":" + path);
            }
            return env;
        }

        Path defaultDirectory() {
            return job.workingDirectory();
        }

        private Path directory(String wd) throws GithubActionSteps.StepFailure {
            if (wd == null || wd.isBlank()) {
                return job.workingDirectory();
            }
            Path p = job.workingDirectory().resolve(wd).normalize();
            if (!Files.isDirectory(p)) {
                throw new GithubActionSteps.StepFailure("working-directory '" + wd + "' is not a folder of the "
                        + "workspace");
            }
            return p;
        }

        /** Runs one job (a step's process) on the runner and reads back what the step wrote. */
        JobOutcome runJob(String command, String script, Map<String, String> env, Path wd, Path actionFolder,
                          Double timeoutMinutes, int index, Map<String, String> extraEnv)
                throws InterruptedException {
            String marker = "GANTRY_GHA_" + HexFormat.of().formatHex(nonce());
            Path scratch = job.scratchDirectory().resolve("job-" + (++jobs));
            Map<String, String> full = new LinkedHashMap<>(env);
            full.putAll(extraEnv);
            Set<String> pathVariables = new HashSet<>(job.pathVariables());
            pathVariables.add("GITHUB_WORKSPACE");
            Map<String, String> files = new LinkedHashMap<>();
            Cancellation own = new Cancellation();
            Runnable unhook = cancellation.onCancel(() -> own.cancel(cancellation.reason()));
            boolean[] timedOut = {false};
            java.util.concurrent.ScheduledFuture<?> timer = timeoutMinutes == null || timeoutMinutes <= 0 ? null
                    : timers.schedule(() -> {
                        timedOut[0] = true;
                        own.cancel(Cancellation.Reason.TIMEOUT);
                    }, (long) (timeoutMinutes * 60_000), TimeUnit.MILLISECONDS);
            try {
                Files.createDirectories(scratch);
                if (actionFolder != null) {
                    Path copy = scratch.resolve("action");
                    ActionFolders.copy(actionFolder, copy);
                    full.put("GITHUB_ACTION_PATH", copy.toString());
                    pathVariables.add("GITHUB_ACTION_PATH");
                }
                StepsJob one = new StepsJob(job.actionId(), job.action(),
                        List.of(StepScript.text(command, script, marker)), full, pathVariables, job.workspace(), wd,
                        List.of(), scratch, job.runId(), job.keep());
                StepsResult r = runner.runSteps(one, new JobEvents() {
                    @Override
                    public void stepStarted(int step) {
                    }

                    @Override
                    public void stepFinished(int step, int status, java.time.Duration duration) {
                    }

                    @Override
                    public void log(String line) {
                        line(line, marker, files, index);
                    }
                }, own);
                int status = r.succeeded() ? 0 : r.exitCode() > 0 ? r.exitCode() : 1;
                if (r.outcome() == StepsResult.Outcome.CANCELLED && !timedOut[0]) {
                    status = 1;
                }
                if (r.message() != null && r.outcome() != StepsResult.Outcome.SUCCEEDED && r.exitCode() < 0
                        && !timedOut[0] && !cancellation.isCancelled()) {
                    events.log(r.message());
                }
                return new JobOutcome(status, timedOut[0], files);
            } catch (IOException e) {
                events.log("error: " + e.getMessage());
                return new JobOutcome(1, false, files);
            } finally {
                if (timer != null) {
                    timer.cancel(false);
                }
                unhook.run();
                FolderTrees.deleteQuietly(scratch);
            }
        }

        /** One output line of a step: a file read back, a workflow command, or a log line. */
        void line(String line, String marker, Map<String, String> files, int index) {
            Map.Entry<String, String> file = StepScript.fileLine(line, marker);
            if (file != null) {
                String before = line.substring(0, line.indexOf(marker));
                if (!before.isEmpty()) {
                    events.log(before);
                }
                if (file.getKey().startsWith("CUT_")) {
                    events.log("warning: $GITHUB_" + file.getKey().substring(4) + " holds more than "
                            + StepScript.MAX_FILE_BYTES + " bytes; the rest was ignored");
                } else {
                    files.merge(file.getKey(), file.getValue(), (a, b) -> a + "\n" + b);
                }
                return;
            }
            WorkflowCommand c = WorkflowCommand.parse(line);
            if (c == null) {
                events.log(line);
                return;
            }
            if (!stopTokens.isEmpty()) {
                if (stopTokens.remove(c.name())) {
                    return;
                }
                events.log(line);
                return;
            }
            switch (c.name()) {
                case "add-mask" -> secrets.accept(c.data().strip());
                case "set-output" -> {
                    events.log("warning: ::set-output is deprecated by GitHub; write to $GITHUB_OUTPUT");
                    current.put(c.properties().getOrDefault("name", ""), c.data());
                }
                case "save-state" -> { }
                case "group" -> events.log("▼ " + c.data());
                case "endgroup" -> events.log("▲");
                case "debug" -> { }
                case "notice", "warning", "error" -> events.log(c.name() + ": " + c.data()
                        + (c.properties().containsKey("file") ? " (" + c.properties().get("file")
                        + (c.properties().containsKey("line") ? ":" + c.properties().get("line") : "") + ")" : ""));
                case "stop-commands" -> stopTokens.add(c.data());
                case "set-env", "add-path" -> events.log("error: ::" + c.name() + ":: is disabled (as on GitHub); "
                        + "write to $GITHUB_" + (c.name().equals("set-env") ? "ENV" : "PATH"));
                default -> events.log(line);
            }
        }

    }

    private static byte[] nonce() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }

}
