package dev.gantry.engine.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process runner for engine tests (the engine runs no processes; real bash is tested in runners and cli).
 * Step language: {@code sleep MS}, {@code fail N}, {@code echo TEXT}, {@code set NAME=VALUE}, {@code env NAME}
 * (echoes the environment variable). Records the most actions it ran at once.
 */
final class FakeRunner implements Runner {
    private final String name;
    private final int capacity;
    final AtomicInteger active = new AtomicInteger();
    final AtomicInteger maxActive = new AtomicInteger();
    final Map<String, StepsJob> jobs = new java.util.concurrent.ConcurrentHashMap<>();

    FakeRunner(String name, int capacity) {
        this.name = name;
        this.capacity = capacity;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return "fake";
    }

    @Override
    public RunnerLabels labels() {
        return RunnerLabels.of("amd64");
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public StepsResult runSteps(StepsJob job, JobEvents events, Cancellation cancellation)
            throws InterruptedException {
        jobs.put(job.actionId(), job);
        int now = active.incrementAndGet();
        maxActive.accumulateAndGet(now, Math::max);
        CountDownLatch cancelled = new CountDownLatch(1);
        Runnable unregister = cancellation.onCancel(cancelled::countDown);
        Map<String, String> vars = new LinkedHashMap<>(job.environment());
        try {
            List<String> steps = job.steps();
            for (int i = 1; i <= steps.size(); i++) {
                events.stepStarted(i);
                String[] words = steps.get(i - 1).split(" ", 2);
                String arg = words.length > 1 ? words[1] : "";
                int status = 0;
                switch (words[0]) {
                    case "sleep" -> {
                        if (cancelled.await(Long.parseLong(arg), TimeUnit.MILLISECONDS)) {
                            return StepsResult.cancelled("killed");
                        }
                    }
                    case "fail" -> status = Integer.parseInt(arg);
                    case "echo" -> events.log(arg);
                    case "env" -> events.log(arg + "=" + vars.get(arg));
                    case "set" -> vars.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
                    default -> status = 127;
                }
                events.stepFinished(i, status, java.time.Duration.ZERO);
                if (status != 0) {
                    return StepsResult.failed(status, i, "step " + i + " failed with exit code " + status);
                }
            }
            Map<String, String> outs = new LinkedHashMap<>();
            for (String n : job.outputVariables()) {
                if (vars.containsKey(n)) {
                    outs.put(n, vars.get(n));
                }
            }
            return StepsResult.succeeded(outs);
        } finally {
            unregister.run();
            active.decrementAndGet();
        }
    }
}
