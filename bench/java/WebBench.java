import dev.gantry.engine.config.ConfigOrigin;
import dev.gantry.engine.config.GantryConfig;
import dev.gantry.engine.config.ServerConfig.RepositoryConfig;
import dev.gantry.server.EventLog;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerSettings;
import dev.gantry.server.history.ActionRecord;
import dev.gantry.server.history.Database;
import dev.gantry.server.history.HistoryStore;
import dev.gantry.server.history.NewRun;
import dev.gantry.server.history.RunState;

import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.OutputStream;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web pages' benchmark, a single-file program against the launcher jar (see bench/web-pages.sh):
 * <ol>
 *   <li>a run with 200 actions (a 20-layer DAG, 3 groups) and a 50 MB log, written into a server's history as the
 *       recorder would have written them; the run page, its live part and the 50 MB log's action page are fetched
 *       over HTTP from a real {@code gantry serve} (first view: with the ELK layout; then best and median of 10);</li>
 *   <li>a real run whose step prints 10,000 lines a second for 10 s (python3, paced), followed through the action
 *       page's event stream: lines received per second and how far behind the printer the page was.</li>
 * </ol>
 */
public final class WebBench {
    public static void main(String[] args) throws Exception {
        Path root = Files.createTempDirectory("gantry-webbench");
        Path data = root.resolve("data");
        Path bare = root.resolve("origin.git");
        Path work = root.resolve("work");
        git(root, "init", "-q", "--bare", "-b", "main", bare.toString());
        git(root, "init", "-q", "-b", "main", work.toString());
        git(work, "config", "user.email", "bench@example.com");
        git(work, "config", "user.name", "Bench");
        Files.createDirectories(work.resolve(".codecatalyst/workflows"));
        Files.writeString(work.resolve(".codecatalyst/workflows/print.yaml"), """
                Name: Print
                SchemaVersion: "1.0"
                RunMode: PARALLEL
                Actions:
                  Print:
                    Identifier: aws/build@v1
                    Inputs:
                      Sources: [WorkflowSource]
                    Configuration:
                      Steps:
                        - Run: python3 -u printer.py
                """);
        Files.writeString(work.resolve("printer.py"), String.join("\n",
                "import sys, time",
                "t0 = time.time()",
                "for n in range(1, 100001):",
                "    sys.stdout.write('%d %d line of the printer\\n' % (n, time.time_ns()))",
                "    if n % 100 == 0:",
                "        sys.stdout.flush()",
                "        d = t0 + n / 10000.0 - time.time()",
                "        if d > 0:",
                "            time.sleep(d)",
                ""));
        git(work, "add", "-A");
        git(work, "commit", "-q", "-m", "bench");
        git(work, "remote", "add", "origin", bare.toString());
        git(work, "push", "-q", "origin", "HEAD:refs/heads/main");
        String commit = git(work, "rev-parse", "HEAD").strip();

        Files.createDirectories(data);
        long warmRun = seed(data, commit);
        long runId = seed(data, commit);
        RepositoryConfig repo = new RepositoryConfig("app", bare.toString(), 3600, null, null, null, List.of(),
                ConfigOrigin.COMMAND_LINE);
        ServerSettings settings = new ServerSettings("127.0.0.1", 0, data, null, null, null, true, null, null,
                List.of(repo), GantryConfig.EMPTY, new HashMap<>(System.getenv()), Clock.systemUTC(),
                Duration.ofHours(1), Duration.ofHours(1));
        try (GantryServer server = GantryServer.start(settings, new EventLog(new PrintStream(OutputStream
                .nullOutputStream()), Clock.systemUTC()))) {
            String base = "http://127.0.0.1:" + server.port();
            HttpClient http = HttpClient.newHttpClient();
            System.out.println("load: " + Files.readString(Path.of("/proc/loadavg")).strip() + ", "
                    + Runtime.getRuntime().availableProcessors() + " CPUs");
            time(http, base + "/runs/" + warmRun, "run page, 200 actions, first run viewed after start");
            time(http, base + "/runs/" + warmRun + "/actions/l0a0", "action page, 50 MB log, first after start");
            time(http, base + "/runs/" + runId, "run page, 200 actions, another run");
            time(http, base + "/runs/" + runId + "/live", "run page's live part (polled every 2 s)");
            time(http, base + "/runs/" + runId + "/actions/l0a0", "action page, 50 MB log, another run");
            time(http, base + "/runs/" + runId + "/actions/l0a0?q=ERROR", "action page, search of the 50 MB log");
            live(http, base, Files.readString(data.resolve(GantryServer.INITIAL_TOKEN_FILE)).strip());
        } finally {
            try (var walk = Files.walk(root)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A finished run of 200 actions (20 layers of 10; layer 5 to 7 in groups) and a 50 MB log for its first. */
    static long seed(Path data, String commit) throws Exception {
        try (Database db = Database.open(Database.embeddedUrl(data), null, null, 2)) { // closed before the server opens it
            HistoryStore history = new HistoryStore(db);
            long t0 = System.currentTimeMillis() - 3_600_000;
            long id = history.createRun(new NewRun("app", "Big", ".codecatalyst/workflows/big.yaml", "main", commit,
                    "PUSH", "bench", "gantry", Map.of(), null), t0);
            history.markStarted(id, t0);
            Random random = new Random(42);
            int position = 0;
            for (int layer = 0; layer < 20; layer++) {
                for (int i = 0; i < 10; i++) {
                    String group = layer >= 5 && layer <= 7 ? "G" + layer + "." : "";
                    List<String> deps = new ArrayList<>();
                    if (layer > 0) {
                        for (int k = 0; k < 1 + random.nextInt(3); k++) {
                            int from = random.nextInt(10);
                            String prev = (layer - 1 >= 5 && layer - 1 <= 7 ? "G" + (layer - 1) + "." : "") + "l"
                                    + (layer - 1) + "a" + from;
                            if (!deps.contains(prev)) {
                                deps.add(prev);
                            }
                        }
                    }
                    long start = t0 + layer * 60_000L + random.nextInt(20_000);
                    history.putAction(id, new ActionRecord(group + "l" + layer + "a" + i, position++,
                            layer == 19 && i == 3 ? "failed" : "succeeded", i % 2 == 0 ? "local" : "arm-box", deps,
                            null, start, start + 5_000 + random.nextInt(35_000)));
                }
            }
            history.markFinished(id, RunState.FAILED, "l19a3 failed", t0 + 1_200_000);
            Path log = data.resolve("runs").resolve(Long.toString(id)).resolve("logs").resolve("l0a0.log");
            Files.createDirectories(log.getParent());
            try (BufferedWriter w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                long bytes = 0;
                for (int n = 1; bytes < 50L << 20; n++) {
                    String line = (n % 1000 == 0 ? "\u001b[31mERROR\u001b[0m " : "\u001b[32mINFO\u001b[0m ")
                            + "step output line " + n + " <with> some & text to escape, and more words to fill it";
                    w.write(line);
                    w.write('\n');
                    bytes += line.length() + 1;
                }
            }
            return id;
        }
    }

    static void time(HttpClient http, String url, String what) throws Exception {
        long[] ms = new long[11];
        int bytes = 0;
        for (int i = 0; i < ms.length; i++) {
            long t = System.nanoTime();
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            ms[i] = (System.nanoTime() - t) / 1_000_000;
            if (r.statusCode() != 200) {
                throw new IllegalStateException(url + ": HTTP " + r.statusCode());
            }
            bytes = r.body().length;
        }
        long first = ms[0];
        long[] rest = Arrays.copyOfRange(ms, 1, ms.length);
        Arrays.sort(rest);
        System.out.printf("%-52s first %5d ms, then best %4d ms, median %4d ms (%,d bytes of HTML)%n", what, first,
                rest[0], rest[rest.length / 2], bytes);
    }

    /** Starts the printing run and follows its log's event stream from the first line. */
    static void live(HttpClient http, String base, String token) throws Exception {
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(base + "/api/runs"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"repository\":\"app\",\"workflow\":\"Print\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher id = Pattern.compile("\"id\":(\\d+)").matcher(started.body());
        if (!id.find()) {
            throw new IllegalStateException(started.body());
        }
        String run = id.group(1);
        String page = base + "/runs/" + run + "/actions/Print";
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(page)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200 && r.body().contains("data-stream")) {
                break;
            }
            Thread.sleep(50);
        }
        HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(page
                + "/log/stream?offset=0&line=1")).build(), HttpResponse.BodyHandlers.ofInputStream());
        Pattern line = Pattern.compile("<span class=\"t\">(\\d+) (\\d+) line of the printer");
        long lines = 0;
        long firstAt = 0;
        long lastAt = 0;
        long maxLag = 0;
        List<Long> lags = new ArrayList<>();
        int events = 0;
        try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(stream.body(),
                StandardCharsets.UTF_8))) {
            String l;
            while ((l = reader.readLine()) != null) {
                if (l.startsWith("event: end")) {
                    break;
                }
                if (!l.startsWith("data: ")) {
                    continue;
                }
                events++;
                long now = System.currentTimeMillis() * 1_000_000L;
                Matcher m = line.matcher(l);
                while (m.find()) {
                    lines++;
                    long lag = (now - Long.parseLong(m.group(2))) / 1_000_000;
                    if (firstAt == 0) {
                        firstAt = System.nanoTime();
                    }
                    lastAt = System.nanoTime();
                    if (Long.parseLong(m.group(1)) % 100 == 0) {
                        lags.add(lag);
                    }
                    maxLag = Math.max(maxLag, lag);
                }
            }
        }
        lags.sort(null);
        double seconds = (lastAt - firstAt) / 1e9;
        System.out.printf("live log: %,d lines in %.1f s = %,.0f lines/s through the event stream (%d events); "
                + "behind the printer: median %d ms, 99th percentile %d ms, worst %d ms%n", lines, seconds,
                lines / seconds, events, lags.get(lags.size() / 2), lags.get(lags.size() * 99 / 100), maxLag);
    }

    static String git(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + ": " + out);
        }
        return out;
    }
}
