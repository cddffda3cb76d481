import dev.gantry.dsl.export.WorkflowYamlWriter;
import dev.gantry.engine.config.GantryConfig;
import dev.gantry.engine.files.FolderTrees;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Configuration;
import dev.gantry.engine.model.Inputs;
import dev.gantry.engine.model.Outputs;
import dev.gantry.engine.model.Step;
import dev.gantry.engine.model.Workflow;
import dev.gantry.engine.model.WorkflowNode;
import dev.gantry.engine.run.ActionResult;
import dev.gantry.engine.run.RunReport;
import dev.gantry.engine.run.RunStatus;
import dev.gantry.runners.workspace.SourceRepository;
import dev.gantry.runners.workspace.TreeCopy;
import dev.gantry.service.RunRequest;
import dev.gantry.service.RunResult;
import dev.gantry.service.RunService;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Benchmark harness for the run engine, launched as a single-file program against the launcher jar:
 * {@code java -cp cli/target/gantry.jar bench/java/RunBench.java MODE ...}. It writes each workflow as a file and
 * runs it through the run service, as {@code gantry run} does (so at most 50 actions, the service's cap).
 *
 * <ul>
 *   <li>{@code overhead N}: an N-action chain of {@code true} steps vs N bare {@code bash -c true} started from
 *       Java and from a bash loop; per-action overhead, with workspace copies and with {@code --bind}.</li>
 *   <li>{@code makespan N SEED}: a random N-action DAG of short sleeps with unlimited slots; makespan vs the
 *       critical-path lower bound.</li>
 *   <li>{@code copy DIR}: time to make one workspace copy of DIR (a repository).</li>
 * </ul>
 */
public final class RunBench {
    /** One service for every run, as a long-running front end has (its runner pool probes the host once). */
    static final RunService SERVICE = RunService.forThisMachine(GantryConfig.EMPTY, System.getenv());

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "overhead" -> overhead(Integer.parseInt(args[1]));
            case "makespan" -> makespan(Integer.parseInt(args[1]), Long.parseLong(args[2]));
            case "copy" -> copy(Path.of(args[1]));
            case "fanout" -> fanout(Integer.parseInt(args[1]), args.length > 2 ? Integer.valueOf(args[2]) : null);
            default -> {
                System.err.println("usage: RunBench overhead N | makespan N SEED | fanout N [CONCURRENCY] | copy DIR");
                System.exit(2);
            }
        }
        SERVICE.close();
    }

    static Action action(String name, List<String> deps, String... steps) {
        return new Action(name, null, "aws/build@v1", deps, null, null, null, Map.of(),
                new Inputs(List.of("WorkflowSource"), List.of(), List.of()), Outputs.NONE,
                new Configuration(java.util.Arrays.stream(steps).map(Step::new).toList(), null, Map.of()));
    }

    static RunReport run(Workflow wf, Path repo, boolean bind, Integer concurrency) throws Exception {
        return run(wf, repo, bind, concurrency, e -> { });
    }

    /** Runs {@code wf} as every front end does: written as a workflow file, through the run service. */
    static RunReport run(Workflow wf, Path repo, boolean bind, Integer concurrency,
                         dev.gantry.engine.run.RunListener listener) throws Exception {
        Path records = Files.createTempDirectory("gantry-bench-run");
        Path file = repo.resolve(".codecatalyst/workflows/" + wf.name() + ".yaml");
        Files.writeString(file, new WorkflowYamlWriter().write(wf));
        try {
            RunResult result = SERVICE.start(RunRequest.builder(file).bind(bind).concurrency(concurrency)
                    .recordsFolder(records).build(), listener).await();
            if (!result.ran()) {
                throw new IllegalStateException("not run: " + result.diagnostics());
            }
            RunReport report = result.report();
            if (report.status() != RunStatus.SUCCEEDED) {
                throw new IllegalStateException("run failed: " + report.actions().stream()
                        .filter(a -> a.message() != null).map(ActionResult::message).findFirst().orElse("?"));
            }
            return report;
        } finally {
            FolderTrees.deleteTree(records);
        }
    }

    static Path smallRepo() throws Exception {
        Path repo = Files.createTempDirectory("gantry-bench-repo");
        new ProcessBuilder("git", "init", "-q", repo.toString()).inheritIO().start().waitFor();
        Files.createDirectories(repo.resolve(".codecatalyst/workflows"));
        Files.writeString(repo.resolve(".codecatalyst/workflows/bench.yaml"), "Name: bench\n");
        Files.writeString(repo.resolve("README.md"), "bench\n");
        Files.createDirectories(repo.resolve("src"));
        for (int i = 0; i < 8; i++) {
            Files.writeString(repo.resolve("src/file" + i + ".txt"), "content " + i + "\n");
        }
        return repo;
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    static void overhead(int n) throws Exception {
        Path repo = smallRepo();
        List<WorkflowNode> chain = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            chain.add(action("A" + i, i == 1 ? List.of() : List.of("A" + (i - 1)), "true"));
        }
        Workflow wf = new Workflow("chain", "1.0", null, null, List.of(), chain);
        run(wf, repo, false, 4); // warm-up (JIT, page cache)
        double bareLoop = best(3, () -> {
            Process p = new ProcessBuilder("bash", "-c", "for i in $(seq " + n + "); do bash -c true; done")
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).inheritIO().start();
            p.waitFor();
        });
        double bareJava = best(3, () -> {
            for (int i = 0; i < n; i++) {
                new ProcessBuilder("bash", "-c", "true").redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start().waitFor();
            }
        });
        double copies = best(3, () -> run(wf, repo, false, 4));
        double bind = best(3, () -> run(wf, repo, true, 4));
        System.out.printf(Locale.ROOT, "chain of %d actions, one `true` step each (best of 3):%n", n);
        System.out.printf(Locale.ROOT, "  bare `bash -c true` loop in bash     %7.1f ms total  %6.2f ms each%n",
                bareLoop * 1e3, bareLoop * 1e3 / n);
        System.out.printf(Locale.ROOT, "  bare `bash -c true` started by Java  %7.1f ms total  %6.2f ms each%n",
                bareJava * 1e3, bareJava * 1e3 / n);
        System.out.printf(Locale.ROOT, "  gantry, fresh workspace copies       %7.1f ms total  %6.2f ms each"
                + "  -> overhead %5.2f ms/action%n", copies * 1e3, copies * 1e3 / n, (copies - bareLoop) * 1e3 / n);
        System.out.printf(Locale.ROOT, "  gantry, --bind                       %7.1f ms total  %6.2f ms each"
                + "  -> overhead %5.2f ms/action%n", bind * 1e3, bind * 1e3 / n, (bind - bareLoop) * 1e3 / n);
        System.out.printf(Locale.ROOT, "goal: under 15 ms overhead per action: %s%n",
                (copies - bareLoop) * 1e3 / n < 15 ? "met" : "NOT met");
        FolderTrees.deleteTree(repo);
    }

    /** An N-wide fan-out of {@code sleep 0.2}, as in issue 10 (gitlab-ci-local: 3.6 s for 50). */
    static void fanout(int n, Integer concurrency) throws Exception {
        Path repo = smallRepo();
        List<WorkflowNode> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            nodes.add(action("F" + i, List.of(), "sleep 0.2"));
        }
        Workflow wf = new Workflow("fanout", "1.0", null, null, List.of(), nodes);
        run(new Workflow("warm", "1.0", null, null, List.of(), List.of(action("W", List.of(), "true"))), repo, false,
                null);
        double copies = best(3, () -> run(wf, repo, false, concurrency));
        double bind = best(3, () -> run(wf, repo, true, concurrency));
        System.out.printf(Locale.ROOT, "%d-wide fan-out of `sleep 0.2`, concurrency %s (best of 3):%n", n,
                concurrency == null ? "default (every ready action)" : concurrency);
        System.out.printf(Locale.ROOT, "  fresh workspace copies  %6.3f s%n", copies);
        System.out.printf(Locale.ROOT, "  --bind                  %6.3f s%n", bind);
        FolderTrees.deleteTree(repo);
    }

    static void makespan(int n, long seed) throws Exception {
        Path repo = smallRepo();
        Random rnd = new Random(seed);
        List<WorkflowNode> nodes = new ArrayList<>();
        Map<String, Double> duration = new HashMap<>();
        Map<String, List<String>> deps = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String name = "A" + i;
            List<String> d = new ArrayList<>();
            if (i > 0) {
                int k = rnd.nextInt(4); // 0..3 dependencies on earlier actions
                for (int j = 0; j < k; j++) {
                    String dep = "A" + rnd.nextInt(i);
                    if (!d.contains(dep)) {
                        d.add(dep);
                    }
                }
            }
            double secs = 0.1 + rnd.nextInt(5) * 0.1; // 0.1 .. 0.5 s
            duration.put(name, secs);
            deps.put(name, d);
            nodes.add(action(name, d, String.format(Locale.ROOT, "sleep %.1f", secs)));
        }
        Map<String, Double> finish = new HashMap<>();
        double bound = 0;
        for (int i = 0; i < n; i++) {
            String name = "A" + i;
            double start = deps.get(name).stream().mapToDouble(finish::get).max().orElse(0);
            finish.put(name, start + duration.get(name));
            bound = Math.max(bound, finish.get(name));
        }
        Map<String, Integer> depth = new HashMap<>();
        String last = null;
        for (int i = 0; i < n; i++) {
            String name = "A" + i;
            String critical = deps.get(name).stream().max(java.util.Comparator.comparingDouble(finish::get))
                    .orElse(null);
            depth.put(name, critical == null ? 1 : depth.get(critical) + 1);
            if (last == null || finish.get(name) > finish.get(last)) {
                last = name;
            }
        }
        Workflow wf = new Workflow("dag", "1.0", null, null, List.of(), nodes);
        run(new Workflow("warm", "1.0", null, null, List.of(), List.of(action("W", List.of(), "true"))), repo, false, 4);
        double best = best(3, () -> run(wf, repo, false, null));
        double bestBind = best(3, () -> run(wf, repo, true, null));
        // where the time goes, on one more run with copies: the delay between an action's last dependency
        // finishing and its start, and its duration beyond its sleep
        Map<String, java.time.Instant> started = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, java.time.Instant> stepStarted = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, java.time.Instant> stepFinished = new java.util.concurrent.ConcurrentHashMap<>();
        RunReport detail = run(wf, repo, Boolean.getBoolean("bench.bind"), null, e -> {
            if (e instanceof dev.gantry.engine.run.RunEvent.ActionStarted s) {
                started.put(s.actionId(), s.at());
            } else if (e instanceof dev.gantry.engine.run.RunEvent.StepStarted s) {
                stepStarted.put(s.actionId(), s.at());
            } else if (e instanceof dev.gantry.engine.run.RunEvent.StepFinished s) {
                stepFinished.put(s.actionId(), s.at());
            }
        });
        double before = 0;
        double step = 0;
        double after = 0;
        double beforeRoots = 0;
        int roots = 0;
        Map<String, ActionResult> byId = new HashMap<>();
        detail.actions().forEach(a -> byId.put(a.actionId(), a));
        double startDelay = 0;
        double extra = 0;
        int withDeps = 0;
        for (int i = 0; i < n; i++) {
            String name = "A" + i;
            ActionResult a = byId.get(name);
            java.time.Instant ready = deps.get(name).stream().map(d -> byId.get(d).finished())
                    .max(java.util.Comparator.naturalOrder()).orElse(null);
            if (ready != null) {
                startDelay += Duration.between(ready, started.get(name)).toNanos() / 1e6;
                withDeps++;
            }
            extra += a.duration().toNanos() / 1e6 - duration.get(name) * 1000;
            before += Duration.between(a.started(), stepStarted.get(name)).toNanos() / 1e6;
            if (deps.get(name).isEmpty()) {
                roots++;
                beforeRoots += Duration.between(a.started(), stepStarted.get(name)).toNanos() / 1e6;
            }
            step += Duration.between(stepStarted.get(name), stepFinished.get(name)).toNanos() / 1e6
                    - duration.get(name) * 1000;
            after += Duration.between(stepFinished.get(name), a.finished()).toNanos() / 1e6;
        }
        System.out.printf(Locale.ROOT, "  (per action: %.1f ms before the first step (%d roots: %.1f ms), %.1f ms of the"
                + " step beyond the sleep, %.1f ms after it)%n", before / n, roots, beforeRoots / Math.max(1, roots),
                step / n, after / n);
        System.out.printf(Locale.ROOT, "  (one more run, copies: %.3f s; mean delay from last dependency to start"
                + " %.1f ms; mean time beyond the sleep %.1f ms)%n", detail.duration().toNanos() / 1e9,
                startDelay / Math.max(1, withDeps), extra / n);
        System.out.printf(Locale.ROOT, "random DAG of %d actions (seed %d), sleeps of 0.1-0.5 s, unlimited slots"
                + " (best of 3):%n", n, seed);
        System.out.printf(Locale.ROOT, "  critical-path lower bound  %6.3f s (%d actions on the path)%n", bound,
                depth.get(last));
        System.out.printf(Locale.ROOT, "  makespan, fresh copies     %6.3f s  (+%.1f%%)%n", best,
                (best / bound - 1) * 100);
        System.out.printf(Locale.ROOT, "  makespan, --bind           %6.3f s  (+%.1f%%)%n", bestBind,
                (bestBind / bound - 1) * 100);
        System.out.printf(Locale.ROOT, "goal: within 5%% of the bound: %s%n", best / bound <= 1.05 ? "met" : "NOT met");
        FolderTrees.deleteTree(repo);
    }

    static void copy(Path dir) throws Exception {
        long t0 = System.nanoTime();
        SourceRepository source = SourceRepository.at(dir);
        long listed = System.nanoTime();
        long bytes = 0;
        for (String f : source.files()) {
            Path p = source.root().resolve(f);
            if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                bytes += Files.size(p);
            }
        }
        System.out.printf(Locale.ROOT, "%s: %d files, %.1f MB (%s); listing took %.0f ms%n", dir,
                source.files().size(), bytes / 1e6, source.git() ? "git ls-files -co --exclude-standard" : "walk",
                seconds(listed - t0) * 1e3);
        for (int round = 0; round < 2; round++) {
            for (int threads : new int[] {1, 2, 4, 8}) {
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                double copy = Double.MAX_VALUE;
                double remove = Double.MAX_VALUE;
                for (int i = 0; i < 3; i++) {
                    Path to = Files.createTempDirectory("gantry-bench-copy");
                    long c0 = System.nanoTime();
                    new TreeCopy(pool, threads).copy(source.root(), source.files(), to.resolve("WorkflowSource"));
                    long t1 = System.nanoTime();
                    FolderTrees.deleteTree(to);
                    long t2 = System.nanoTime();
                    copy = Math.min(copy, seconds(t1 - c0));
                    remove = Math.min(remove, seconds(t2 - t1));
                }
                pool.shutdownNow();
                System.out.printf(Locale.ROOT, "  Java copy, %d thread%s  %7.0f ms  (removing it: %5.0f ms)%n", threads,
                        threads == 1 ? " " : "s", copy * 1e3, remove * 1e3);
            }
        }
    }

    interface Work {
        void run() throws Exception;
    }

    static double best(int times, Work w) throws Exception {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < times; i++) {
            long t0 = System.nanoTime();
            w.run();
            best = Math.min(best, seconds(System.nanoTime() - t0));
        }
        return best;
    }
}
