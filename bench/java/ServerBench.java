import dev.gantry.engine.config.ConfigOrigin;
import dev.gantry.engine.config.GantryConfig;
import dev.gantry.engine.config.ServerConfig.RepositoryConfig;
import dev.gantry.server.EventLog;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerSettings;
import dev.gantry.server.history.Database;
import dev.gantry.server.latency.StartPhase;
import dev.gantry.server.latency.StartTimes;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Figures for gantry serve (bench/server.sh runs it with the launcher jar on the class path):
 * <ul>
 *   <li>latency: N pushes to a real bare repository, each announced with the generic (post-receive) webhook; from
 *       sending the webhook to the first step's first command (its `date +%s%N`), p50 and p99, after 100 warm-up
 *       pushes (the JIT compiles the hot path) that are not counted; then each phase's own p50/p99 from the
 *       server's start timelines ({@code GantryServer.startLatencies()}), CPU time per push and the load average;</li>
 *   <li>throughput: N manual runs of a one-step `true` workflow (RunMode PARALLEL) through the API; runs/minute;</li>
 *   <li>history: 100,000 runs (3 actions each) in the embedded database; list pages and one run over HTTP, p50/p99.</li>
 * </ul>
 */
public final class ServerBench {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "all";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path tmp = Files.createTempDirectory("gantry-server-bench");
        try {
            if (what.equals("all") || what.equals("latency")) {
                latency(tmp.resolve("latency"), n);
            }
            if (what.equals("all") || what.equals("throughput")) {
                throughput(tmp.resolve("throughput"), n);
            }
            if (what.equals("all") || what.equals("history")) {
                history(tmp.resolve("history"), args.length > 2 ? Integer.parseInt(args[2]) : 100_000);
            }
        } finally {
            new ProcessBuilder("rm", "-rf", tmp.toString()).start().waitFor();
        }
    }

    // ---- latency --------------------------------------------------------------------------------------------

    static void latency(Path dir, int count) throws Exception {
        Path flags = Files.createDirectories(dir.resolve("flags"));
        Path bare = repository(dir, """
                Name: Fast
                SchemaVersion: "1.0"
                RunMode: PARALLEL
                Triggers:
                  - Type: PUSH
                    Branches: [main]
                Actions:
                  First:
                    Identifier: aws/build@v1
                    Inputs:
                      Sources: [WorkflowSource]
                    Configuration:
                      Steps:
                        - Run: date +%%s%%N > "%s/step-${WorkflowSource.CommitId}"
                """.formatted(flags));
        Path token = dir.resolve("token");
        Files.writeString(token, "bench-token\n");
        try (GantryServer server = start(dir.resolve("data"), new RepositoryConfig("app", bare.toString(), null,
                "generic", null, token, List.of(), ConfigOrigin.COMMAND_LINE))) {
            String hook = "http://127.0.0.1:" + server.port() + "/api/webhooks/app";
            Path work = dir.resolve("work");
            awaitFirstFetch(server);
            String[] before = {git(work, "rev-parse", "HEAD").strip()};
            // warm-up: the JIT compiles the hot path during these; they are not counted
            for (int i = 0; i < WARM_UP; i++) {
                push(work, hook, flags, "warm-up-" + i, before);
            }
            String loadBefore = load();
            Cpu cpuBefore = Cpu.now();
            List<Push> pushes = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                pushes.add(push(work, hook, flags, "bench-" + i, before));
            }
            Cpu cpu = Cpu.now().minus(cpuBefore);
            String loadAfter = load();
            Thread.sleep(200); // the last run's timeline is complete once its step was reported
            Map<String, StartTimes> timelines = new java.util.HashMap<>();
            for (StartTimes t : server.startLatencies().recent()) {
                if (t.commit() != null && t.trigger().equals("webhook")) {
                    timelines.put(t.commit(), t);
                }
            }
            List<Double> total = new ArrayList<>();
            Map<String, List<Double>> phases = new java.util.LinkedHashMap<>();
            phases.put("webhook sent -> request accepted (HTTP, Jetty)", new ArrayList<>());
            for (StartPhase p : StartPhase.values()) {
                if (p != StartPhase.STEP_STARTED) {
                    phases.put(p.label(), new ArrayList<>());
                }
            }
            String lastPhase = "action started -> step's first command (shell start-up)";
            phases.put(lastPhase, new ArrayList<>());
            int missing = 0;
            for (Push p : pushes) {
                total.add((p.stepAt() - p.sent()) / 1e6);
                StartTimes t = timelines.get(p.commit());
                if (t == null) {
                    missing++;
                    continue;
                }
                long origin = t.origin().getEpochSecond() * 1_000_000_000L + t.origin().getNano();
                phases.get("webhook sent -> request accepted (HTTP, Jetty)").add((origin - p.sent()) / 1e6);
                for (StartPhase ph : StartPhase.values()) {
                    if (ph != StartPhase.STEP_STARTED) {
                        phases.get(ph.label()).add(t.took(ph).map(d -> d.toNanos() / 1e6).orElse(0.0));
                    }
                }
                Duration action = t.sinceOrigin().get(StartPhase.ACTION_STARTED);
                if (action != null) {
                    phases.get(lastPhase).add((p.stepAt() - origin - action.toNanos()) / 1e6);
                }
            }
            Collections.sort(total);
            System.out.printf("webhook-to-first-step over %d pushes (after %d warm-up pushes, not counted): p50 %.0f ms, "
                    + "p99 %.0f ms, max %.0f ms (goal: p99 < 250 ms)%n", count, WARM_UP, pct(total, 50),
                    pct(total, 99), total.get(total.size() - 1));
            System.out.printf("  per phase (each phase's own p50/p99 over the pushes; they do not add up to the "
                    + "total's)%s:%n", missing == 0 ? "" : ", " + missing + " push(es) without a timeline");
            System.out.printf("  %-58s %8s %8s %8s%n", "phase", "p50 ms", "p99 ms", "max ms");
            for (Map.Entry<String, List<Double>> e : phases.entrySet()) {
                List<Double> v = e.getValue();
                Collections.sort(v);
                if (!v.isEmpty()) {
                    System.out.printf("  %-58s %8.1f %8.1f %8.1f%n", e.getKey(), pct(v, 50), pct(v, 99),
                            v.get(v.size() - 1));
                }
            }
            System.out.printf("  CPU per push: %.1f ms in the JVM, of which %.1f ms the bench's own thread and %.1f ms "
                    + "the JIT compiler's threads (still warming up); %.1f ms in child processes "
                    + "(the bench's git commit and push, the step's shell)%n", cpu.jvmMillis() / count,
                    cpu.benchMillis() / count, cpu.jitMillis() / count, cpu.childMillis() / count);
            System.out.printf("  load average: %s before, %s after%n", loadBefore, loadAfter);
        }
    }

    /** The pushes measured before the figures are taken (JIT warm-up). */
    static final int WARM_UP = 100;

    /** One measured push: its commit, when its webhook was sent and when its step's first command ran (epoch ns). */
    record Push(String commit, long sent, long stepAt) {
    }

    static Push push(Path work, String hook, Path flags, String delivery, String[] before) throws Exception {
        git(work, "commit", "-q", "--allow-empty", "-m", delivery);
        String after = git(work, "rev-parse", "HEAD").strip();
        git(work, "push", "-q", "origin", "main");
        long sent = nowNanos();
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(hook))
                .header("Authorization", "Bearer bench-token").header("X-Gantry-Delivery", delivery)
                .POST(HttpRequest.BodyPublishers.ofString(before[0] + " " + after + " refs/heads/main\n"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IllegalStateException("webhook answered " + r.statusCode() + ": " + r.body());
        }
        Path step = flags.resolve("step-" + after);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(step) || Files.size(step) == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(delivery + ": no step after 60 s");
            }
            Thread.sleep(1);
        }
        before[0] = after;
        return new Push(after, sent, Long.parseLong(Files.readString(step).strip()));
    }

    /** CPU time used by this JVM, by the bench's own (calling) thread, and by the JVM's waited-for children. */
    record Cpu(double jvmMillis, double benchMillis, double jitMillis, double childMillis) {
        static Cpu now() throws Exception {
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean();
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields 16 and 17 of /proc/PID/stat (cutime, cstime), in clock ticks of 10 ms (USER_HZ 100)
            double children = (Long.parseLong(f[13]) + Long.parseLong(f[14])) * 10.0;
            double bench = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e6;
            double jit = 0; // the compiler threads' CPU (hidden from ThreadMXBean; /proc has them), in 10 ms ticks
            try (var tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
                for (Path task : tasks) {
                    try {
                        String t = Files.readString(task.resolve("stat"));
                        if (t.contains("(C1 CompilerThre") || t.contains("(C2 CompilerThre")) {
                            String[] g = t.substring(t.lastIndexOf(')') + 2).split(" ");
                            jit += (Long.parseLong(g[11]) + Long.parseLong(g[12])) * 10.0;
                        }
                    } catch (java.io.IOException gone) {
                        // the thread ended meanwhile
                    }
                }
            }
            return new Cpu(os.getProcessCpuTime() / 1e6, bench, jit, children);
        }

        Cpu minus(Cpu o) {
            return new Cpu(jvmMillis - o.jvmMillis, benchMillis - o.benchMillis, jitMillis - o.jitMillis,
                    childMillis - o.childMillis);
        }
    }

    static String load() throws Exception {
        return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
    }

    // ---- throughput -----------------------------------------------------------------------------------------

    static void throughput(Path dir, int runs) throws Exception {
        Path bare = repository(dir, """
                Name: Trivial
                SchemaVersion: "1.0"
                RunMode: PARALLEL
                Actions:
                  Only:
                    Identifier: aws/build@v1
                    Inputs:
                      Sources: [WorkflowSource]
                    Configuration:
                      Steps:
                        - Run: "true"
                """);
        try (GantryServer server = start(dir.resolve("data"), new RepositoryConfig("app", bare.toString(), 3600,
                null, null, null, List.of(), ConfigOrigin.COMMAND_LINE))) {
            awaitFirstFetch(server);
            String token = Files.readString(dir.resolve("data").resolve(GantryServer.INITIAL_TOKEN_FILE)).strip();
            String base = "http://127.0.0.1:" + server.port();
            long start = System.nanoTime();
            for (int i = 0; i < runs; i++) {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/runs"))
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"repository\": \"app\", \"workflow\": \"Trivial\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 202) {
                    throw new IllegalStateException(r.body());
                }
            }
            while (true) {
                String body = get(base + "/metrics", token);
                double done = metric(body, "gantry_runs{state=\"succeeded\"}") + metric(body,
                        "gantry_runs{state=\"failed\"}");
                if (done >= runs) {
                    break;
                }
                Thread.sleep(50);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            String body = get(base + "/metrics", token);
            System.out.printf("throughput: %d trivial runs in %.1f s = %.0f runs/minute (%d failed)%n", runs, seconds,
                    runs / seconds * 60, (int) metric(body, "gantry_runs{state=\"failed\"}"));
            String failed = get(base + "/api/runs?state=failed&limit=1", token);
            if (failed.contains("\"id\"")) {
                System.out.println("a failed run: " + failed);
            }
        }
    }

    // ---- history ----------------------------------------------------------------------------------------------

    static void history(Path dir, int runs) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        long t0 = System.nanoTime();
        try (Database db = Database.open(Database.embeddedUrl(data), null, null, 2)) {
            db.update("INSERT INTO runs (repository, workflow, workflow_file, branch, commit_sha, trigger_type, "
                    + "trigger_detail, started_by, state, variables, created_at, started_at, finished_at) "
                    + "SELECT 'app', CASEWHEN(MOD(X, 10) = 0, 'Deploy', 'Build'), '.codecatalyst/workflows/b.yaml', "
                    + "CASEWHEN(MOD(X, 3) = 0, 'main', 'feature'), RPAD(CAST(X AS VARCHAR), 40, 'a'), 'PUSH', "
                    + "'push', 'gantry', CASEWHEN(MOD(X, 7) = 0, 'FAILED', 'SUCCEEDED'), '{}', X * 1000, "
                    + "X * 1000 + 10, X * 1000 + 500 FROM SYSTEM_RANGE(1, " + runs + ")");
            for (String action : List.of("Build", "Test", "Deploy")) {
                db.update("INSERT INTO run_actions (run_id, name, position, state, runner, depends_on, started_at, "
                        + "finished_at) SELECT id, '" + action + "', 0, 'succeeded', 'local', '', created_at + 10, "
                        + "created_at + 400 FROM runs");
            }
        }
        System.out.printf("history: %d runs and %d actions written in %.1f s%n", runs, runs * 3,
                (System.nanoTime() - t0) / 1e9);
        try (GantryServer server = start(data, null)) {
            String token = Files.readString(data.resolve(GantryServer.INITIAL_TOKEN_FILE)).strip();
            String base = "http://127.0.0.1:" + server.port();
            Map<String, String> queries = new java.util.LinkedHashMap<>();
            queries.put("list, first page (50)", "/api/runs?limit=50");
            queries.put("list, page deep in history", "/api/runs?limit=50&before=" + (runs / 2));
            queries.put("list filtered (workflow+branch+state)", "/api/runs?workflow=Deploy&branch=main&state=failed");
            queries.put("one run with its actions", "/api/runs/" + (runs / 3));
            for (Map.Entry<String, String> q : queries.entrySet()) {
                for (int i = 0; i < 20; i++) {
                    get(base + q.getValue(), token); // warm up
                }
                List<Double> ms = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    long s = System.nanoTime();
                    get(base + q.getValue(), token);
                    ms.add((System.nanoTime() - s) / 1e6);
                }
                Collections.sort(ms);
                System.out.printf("history at %d runs, %s: p50 %.1f ms, p99 %.1f ms (goal < 50 ms)%n", runs,
                        q.getKey(), pct(ms, 50), pct(ms, 99));
            }
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    static GantryServer start(Path data, RepositoryConfig repo) throws Exception {
        ServerSettings settings = new ServerSettings("127.0.0.1", 0, data, null, null, null, false, null, null,
                repo == null ? List.of() : List.of(repo), GantryConfig.EMPTY, System.getenv(), Clock.systemUTC(),
                Duration.ofHours(1), Duration.ofHours(1));
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        return GantryServer.start(settings, new EventLog(quiet, Clock.systemUTC()));
    }

    static void awaitFirstFetch(GantryServer server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/api/health")).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                Thread.sleep(1500); // the start-up fetch records the branches
                return;
            }
        }
    }

    static Path repository(Path dir, String workflow) throws Exception {
        Path bare = dir.resolve("origin.git");
        Path work = dir.resolve("work");
        Files.createDirectories(dir);
        git(dir, "init", "-q", "--bare", "-b", "main", bare.toString());
        git(dir, "init", "-q", "-b", "main", work.toString());
        git(work, "config", "user.email", "bench@example.com");
        git(work, "config", "user.name", "bench");
        Files.createDirectories(work.resolve(".codecatalyst/workflows"));
        Files.writeString(work.resolve(".codecatalyst/workflows/w.yaml"), workflow);
        git(work, "add", "-A");
        git(work, "commit", "-q", "-m", "workflow");
        git(work, "remote", "add", "origin", bare.toString());
        git(work, "push", "-q", "origin", "main");
        return bare;
    }

    static String git(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + ": " + out);
        }
        return out;
    }

    static String get(String url, String token) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static double metric(String body, String name) {
        for (String line : body.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        return 0;
    }

    static long nowNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    static double pct(List<Double> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
