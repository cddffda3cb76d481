package dev.gantry.actions.deploy;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Configuration;
import dev.gantry.engine.model.Environment;
import dev.gantry.engine.model.Inputs;
import dev.gantry.engine.model.Outputs;
import dev.gantry.engine.run.ActionTask;
import dev.gantry.engine.run.ActionWork;
import dev.gantry.engine.run.Cancellation;
import dev.gantry.engine.run.JobEvents;
import dev.gantry.engine.run.StepsJob;
import dev.gantry.engine.run.StepsResult;
import dev.gantry.engine.run.Workspace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs one deploy or custom action's task as the executor does (a workspace whose WorkflowSource is {@code source},
 * the environment the AWS lifecycle would set), collecting its log. The AWS credentials are moto's test keys.
 */
public final class TaskHarness {
    private final Path source;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Map<String, Path> inputs = new LinkedHashMap<>();
    public final List<String> log = new CopyOnWriteArrayList<>();
    public final Cancellation cancellation = new Cancellation();

    public TaskHarness(Path source, String awsEndpoint) {
        this.source = source;
        inputs.put(Workspace.WORKFLOW_SOURCE, source);
        environment.put("PATH", System.getenv("PATH"));
        environment.put("HOME", System.getProperty("user.home"));
        if (awsEndpoint != null) {
            environment.put("AWS_ACCESS_KEY_ID", "testing");
            environment.put("AWS_SECRET_ACCESS_KEY", "testing");
            environment.put("AWS_REGION", "us-east-1");
            environment.put("AWS_ENDPOINT_URL", awsEndpoint);
        }
    }

    public TaskHarness env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    public TaskHarness input(String label, Path folder) {
        inputs.put(label, folder);
        return this;
    }

    /** Whether {@code command} runs and exits 0 within a minute (a tool a test needs is installed and works). */
    public static boolean works(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** An action of {@code identifier} with these {@code Configuration} properties. */
    public static Action action(String name, String identifier, Map<String, Object> properties) {
        return new Action(name, null, identifier, List.of(), null, null, new Environment("demo", List.of()), Map.of(),
                new Inputs(List.of("WorkflowSource"), List.of(), List.of()), Outputs.NONE,
                new Configuration(List.of(), null, properties));
    }

    /** The task of a {@link ActionWork.RunTask}; fails the test for any other work. */
    public static ActionTask task(ActionWork work) {
        if (work instanceof ActionWork.RunTask t) {
            return t.task();
        }
        throw new AssertionError("expected a task, got " + work);
    }

    public StepsResult run(Action action, ActionTask task) throws Exception {
        Path root = source.getParent();
        StepsJob job = new StepsJob(action.id(), action, List.of(task.describe()), environment, java.util.Set.of(),
                new Workspace(root, inputs, false), source, new ArrayList<>(action.outputs().variables()),
                root.resolve("scratch"));
        return task.run(job, new JobEvents() {
            @Override
            public void stepStarted(int step) {
            }

            @Override
            public void stepFinished(int step, int status, java.time.Duration duration) {
            }

            @Override
            public void log(String line) {
                log.add(line);
            }
        }, cancellation);
    }
}
