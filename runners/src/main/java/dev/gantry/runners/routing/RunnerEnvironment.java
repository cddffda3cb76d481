package dev.gantry.runners.routing;

import dev.gantry.engine.run.ActionLifecycle;
import dev.gantry.engine.run.ActionScope;
import dev.gantry.engine.run.Runner;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hook that tells each action's steps about the runner they run on: {@code DOCKER_DEFAULT_PLATFORM} is
 * {@code linux/<the runner's architecture>}, so {@code docker build} and {@code docker run} target it whatever this
 * machine is (BuildKit honours it), and {@code DOCKER_HOST} is the runner's {@code dockerHost} when it has one.
 * Both override the host's values but not the action's own {@code Inputs.Variables}. It also records the runner
 * in the run record ({@code details.runner}).
 */
public final class RunnerEnvironment implements ActionLifecycle {
    private final RunnerPool pool;

    public RunnerEnvironment(RunnerPool pool) {
        this.pool = pool;
    }

    @Override
    public void beforeSteps(ActionScope scope) {
        Runner runner = scope.runner();
        if (runner == null) {
            return;
        }
        String arch = runner.labels().architecture();
        scope.putEnvironment("DOCKER_DEFAULT_PLATFORM", "linux/" + arch);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("name", runner.name());
        record.put("kind", runner.kind());
        record.put("architecture", arch);
        pool.find(runner).ifPresent(p -> {
            if (p.dockerHost() != null) {
                scope.putEnvironment("DOCKER_HOST", p.dockerHost());
                record.put("dockerHost", p.dockerHost());
            }
            record.put("emulated", p.emulated());
        });
        scope.record("runner", record);
    }
}
