package dev.gantry.runners.testing;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Configuration;
import dev.gantry.engine.model.Inputs;
import dev.gantry.engine.model.Outputs;
import dev.gantry.engine.model.Variable;
import dev.gantry.engine.run.Cancellation;
import dev.gantry.engine.run.JobEvents;
import dev.gantry.engine.run.Runner;
import dev.gantry.engine.run.StepsJob;
import dev.gantry.engine.run.StepsResult;
import dev.gantry.engine.run.Workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Jobs for runner tests: action {@code Build} with a workspace under a folder, and helpers to run them. */
public final class SampleJobs {
    private SampleJobs() {
    }

    /**
     * A job whose workspace is {@code dir/ws} with the WorkflowSource at {@code dir/ws/WorkflowSource} (holding
     * {@code input.txt}, {@code doomed.txt}, {@code sub/keep.txt}), its scratch folder {@code dir/scratch}, and an
     * environment of a host {@code PATH} and {@code HOME}, the {@code CATALYST_*_DIR} path variables, {@code env}
     * and the action's own variables {@code own}.
     */
    public static StepsJob build(Path dir, List<String> steps, List<String> outputs, Map<String, String> env,
                                 List<Variable> own) throws IOException {
        Path ws = Files.createDirectories(dir.resolve("ws"));
        Path src = Files.createDirectories(ws.resolve("WorkflowSource"));
        Files.writeString(src.resolve("input.txt"), "from the repository\n");
        Files.writeString(src.resolve("doomed.txt"), "the steps delete me\n");
        Files.createDirectories(src.resolve("sub"));
        Files.writeString(src.resolve("sub/keep.txt"), "kept\n");
        Path scratch = Files.createDirectories(dir.resolve("scratch"));
        Map<String, String> all = new LinkedHashMap<>();
        all.put("PATH", "/host/only/bin");
        all.put("HOME", "/host/home");
        all.put("CATALYST_SOURCE_DIR_WorkflowSource", src.toString());
        all.put("CATALYST_DEFAULT_DIR", src.toString());
        all.putAll(env);
        own.forEach(v -> all.put(v.name(), v.value()));
        Action a = new Action("Build", null, "aws/build@v1", List.of(), null, null, null, Map.of(),
                new Inputs(List.of("WorkflowSource"), List.of(), own), Outputs.NONE, Configuration.NONE);
        return new StepsJob("Build", a, steps, all, Set.of("CATALYST_SOURCE_DIR_WorkflowSource",
                "CATALYST_DEFAULT_DIR"), new Workspace(ws, Map.of("WorkflowSource", src), false), src, outputs,
                scratch);
    }

    /** {@code job} with {@code Configuration.Container} {@code registry}/{@code image} ({@code null}: none). */
    public static StepsJob inImage(StepsJob j, String registry, String image) {
        Action a = j.action();
        Action withImage = new Action(a.name(), a.group(), a.identifier(), a.dependsOn(), a.compute(),
                a.timeoutMinutes(), a.environment(), a.caches(), a.inputs(), a.outputs(),
                new Configuration(List.of(), registry == null ? null : new dev.gantry.engine.model.Container(registry,
                        image), Map.of()));
        return new StepsJob(j.actionId(), withImage, j.steps(), j.environment(), j.pathVariables(), j.workspace(),
                j.workingDirectory(), j.outputVariables(), j.scratchDirectory(), j.runId(), j.keep());
    }

    /** Runs {@code job} on {@code runner} on another thread. */
    public static CompletableFuture<StepsResult> start(Runner runner, StepsJob job, JobEvents events,
                                                       Cancellation cancel) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return runner.runSteps(job, events, cancel);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Waits up to 30 s for {@code condition}. */
    public static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting");
            }
            Thread.sleep(50);
        }
    }
}
