package dev.gantry.server.it;

import dev.gantry.engine.config.ConfigOrigin;
import dev.gantry.engine.config.GantryConfig;
import dev.gantry.engine.config.ServerConfig.RepositoryConfig;
import dev.gantry.server.EventLog;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerSettings;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real {@link GantryServer} in this JVM on a free loopback port, its event log captured, its history in the
 * {@link TestDatabase} of this test run (embedded H2, or a fresh PostgreSQL schema dropped on close).
 */
final class TestServer implements AutoCloseable {
    final GantryServer server;
    final Path data;
    final String adminToken;
    final TestDatabase database;
    private final ByteArrayOutputStream logBytes;

    private TestServer(GantryServer server, Path data, TestDatabase database, ByteArrayOutputStream logBytes)
            throws Exception {
        this.server = server;
        this.data = data;
        this.database = database;
        this.logBytes = logBytes;
        this.adminToken = Files.readString(data.resolve(GantryServer.INITIAL_TOKEN_FILE)).strip();
    }

    /** One repository, {@code name}, at {@code url}, taking generic (post-receive) webhooks signed with a token. */
    static RepositoryConfig repository(String name, String url, Integer poll, String webhook, Path secretFile,
                                       List<String> branches) {
        return new RepositoryConfig(name, url, poll, webhook, null, secretFile, branches, ConfigOrigin.COMMAND_LINE);
    }

    static TestServer start(Path data, List<RepositoryConfig> repositories, Clock clock) throws Exception {
        return start(data, repositories, clock, false);
    }

    static TestServer start(Path data, List<RepositoryConfig> repositories, Clock clock, boolean anonymousRead)
            throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        TestDatabase database = TestDatabase.create();
        ServerSettings settings = new ServerSettings("127.0.0.1", 0, data, database.url(), null, null, anonymousRead,
                null, null, repositories, GantryConfig.EMPTY, env, clock, Duration.ofHours(1), Duration.ofHours(1));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try {
            return new TestServer(GantryServer.start(settings, new EventLog(out, clock)), data, database, bytes);
        } catch (Exception | Error e) {
            database.close();
            throw e;
        }
    }

    int port() {
        return server.port();
    }

    ApiClient admin() {
        return new ApiClient(port(), adminToken);
    }

    String log() {
        synchronized (logBytes) {
            return logBytes.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            server.close();
        } finally {
            database.close();
        }
    }
}
