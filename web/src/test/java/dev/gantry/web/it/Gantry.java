package dev.gantry.web.it;

import dev.gantry.scm.git.GitRepos;

import dev.gantry.engine.config.ConfigOrigin;
import dev.gantry.engine.config.GantryConfig;
import dev.gantry.engine.config.ServerConfig.RepositoryConfig;
import dev.gantry.server.EventLog;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerSettings;

import java.io.ByteArrayOutputStream;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real {@code gantry serve} in this JVM (web pages included, found as the CLI finds them) on a free loopback
 * port, watching a real bare git repository that the test pushes to with the real git command, polled every
 * second.
 */
final class Gantry implements AutoCloseable {
    final GantryServer server;
    final Path data;
    final Path bare;
    final Path work;
    final String adminToken;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Gantry(Path root, Map<String, String> files, boolean anonymousRead) throws Exception {
        Files.createDirectories(root);
        bare = root.resolve("origin.git");
        work = root.resolve("work");
        git(root, "init", "-q", "--bare", "-b", "main", bare.toString());
        git(root, "init", "-q", "-b", "main", work.toString());
        git(work, "config", "user.email", "dev@example.com");
        git(work, "config", "user.name", "Dev");
        git(work, "remote", "add", "origin", bare.toString());
        push(files, "first workflows");
        data = root.resolve("data");
        RepositoryConfig repo = new RepositoryConfig("app", bare.toString(), 1, null, null, null, List.of(),
                ConfigOrigin.COMMAND_LINE);
        ServerSettings settings = new ServerSettings("127.0.0.1", 0, data, null, null, null, anonymousRead, null,
                null, List.of(repo), GantryConfig.EMPTY, new HashMap<>(System.getenv()), Clock.systemUTC(),
                Duration.ofHours(1), Duration.ofHours(1));
        server = GantryServer.start(settings, new EventLog(new PrintStream(log, true, StandardCharsets.UTF_8),
                Clock.systemUTC()));
        adminToken = Files.readString(data.resolve(GantryServer.INITIAL_TOKEN_FILE)).strip();
    }

    /** A server watching a repository with {@code files} on main (pushed before it started: no run yet). */
    static Gantry start(Path root, Map<String, String> files, boolean anonymousRead) throws Exception {
        Gantry g = new Gantry(root, files, anonymousRead);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!g.log().contains("first sight of") && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        return g;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    /** Writes, commits and pushes to main; returns the commit id. */
    String push(Map<String, String> files, String message) throws Exception {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = work.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
        }
        git(work, "add", "-A");
        git(work, "commit", "-q", "--allow-empty", "-m", message);
        git(work, "push", "-q", "origin", "HEAD:refs/heads/main");
        return git(work, "rev-parse", "HEAD").strip();
    }

    /** A new API token with {@code role}. */
    String token(String name, String role) throws Exception {
        HttpResponse<String> r = api("POST", "/api/tokens", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        if (r.statusCode() != 201) {
            throw new IllegalStateException(r.body());
        }
        return r.body().replaceAll("(?s).*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }

    HttpResponse<String> api(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + adminToken);
        b = json == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Asks the API until {@code until} holds for the body (or fails after {@code seconds}). */
    String await(String path, Predicate<String> until, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String last = "";
        while (System.nanoTime() < end) {
            HttpResponse<String> r = api("GET", path, null);
            last = r.body();
            if (r.statusCode() == 200 && until.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("waited " + seconds + " s for " + path + "; last answer: " + last);
    }

    String log() {
        synchronized (log) {
            return log.toString(StandardCharsets.UTF_8);
        }
    }

    static String git(Path dir, String... args) throws Exception {
        return GitRepos.git(dir, args);
    }

    @Override
    public void close() {
        server.close();
    }
}
