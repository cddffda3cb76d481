package dev.gantry.server;

import dev.gantry.dsl.WorkflowFiles;
import dev.gantry.dsl.validate.ValidationOptions;
import dev.gantry.engine.config.ServerConfig.RepositoryConfig;
import dev.gantry.engine.trigger.TriggerMatcher;
import dev.gantry.runners.docker.DockerCli;
import dev.gantry.scm.git.MirrorSettings;
import dev.gantry.scm.git.RepositoryMirror;
import dev.gantry.scm.git.ScmException;
import dev.gantry.scm.webhook.WebhookReader;
import dev.gantry.server.api.RunsEndpoints;
import dev.gantry.server.api.SystemEndpoints;
import dev.gantry.server.api.TokensEndpoints;
import dev.gantry.server.api.WebhooksEndpoint;
import dev.gantry.server.auth.Role;
import dev.gantry.server.auth.TokenStore;
import dev.gantry.server.front.ServerFront;
import dev.gantry.server.front.ServerServices;
import dev.gantry.server.gates.GateDesk;
import dev.gantry.server.history.Database;
import dev.gantry.server.history.HistoryStore;
import dev.gantry.server.http.HttpApi;
import dev.gantry.server.http.HttpServer;
import dev.gantry.server.http.Route;
import dev.gantry.server.latency.StartLatencies;
import dev.gantry.server.repo.Repositories;
import dev.gantry.server.repo.WatchedRepository;
import dev.gantry.server.repo.WorkflowCache;
import dev.gantry.server.runs.CrashLeftovers;
import dev.gantry.server.runs.RunCoordinator;
import dev.gantry.server.runs.RunFiles;
import dev.gantry.server.trigger.RepositoryUpdates;
import dev.gantry.server.trigger.ScheduleTicker;
import dev.gantry.server.trigger.TriggerDispatch;
import dev.gantry.server.webhook.DeliveryLog;
import dev.gantry.service.RunService;
import org.eclipse.jetty.server.Handler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code gantry serve}: the whole server, started from {@link ServerSettings}. Start-up order: data folder,
 * database (migrated), the first API token when there is none, repository mirrors, the run service, crash
 * recovery (orphan step processes killed, in-progress runs Abandoned, queued runs started), the HTTP API, then the
 * pollers, the schedule ticker and retention. {@link #close()} undoes it in reverse, stopping running runs.
 */
public final class GantryServer implements AutoCloseable {
    /** The file holding the first admin token until another admin token is created. */
    public static final String INITIAL_TOKEN_FILE = "initial-admin-token";

    private final ServerSettings settings;
    private final EventLog log;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private HttpServer http;
    private HttpApi api;
    private RunCoordinator coordinator;
    private ScheduleTicker ticker;
    private Database database;
    private StartLatencies startLatencies;

    private GantryServer(ServerSettings settings, EventLog log) {
        this.settings = settings;
        this.log = log;
    }

    /** Starts a server; on failure everything started so far is stopped again and the exception says why. */
    public static GantryServer start(ServerSettings settings, EventLog log) throws Exception {
        GantryServer server = new GantryServer(settings, log);
        try {
            server.startAll();
            return server;
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        Path data = settings.dataDir();
        Files.createDirectories(data);
        RunFiles files = new RunFiles(data);
        String url = settings.jdbcUrl() != null ? settings.jdbcUrl() : Database.embeddedUrl(data);
        String password = settings.dbPasswordEnv() == null ? null : settings.environment().get(settings.dbPasswordEnv());
        database = Database.open(url, settings.dbUser(), password, 10);
        toClose.add(database);
        HistoryStore history = new HistoryStore(database);
        TokenStore tokens = new TokenStore(database, new SecureRandom());
        DeliveryLog deliveries = new DeliveryLog(database);
        firstToken(tokens, data);

        List<WatchedRepository> watched = new ArrayList<>();
        for (RepositoryConfig rc : settings.repositories()) {
            RepositoryMirror mirror = RepositoryMirror.open(MirrorSettings.of(rc.url(), files.mirror(rc.name()))
                    .withBranches(rc.branches()));
            watched.add(new WatchedRepository(rc, mirror, secret(rc)));
        }
        Repositories repositories = new Repositories(watched);
        toClose.add(repositories);

        RunService service = RunService.forThisMachine(settings.config(), settings.environment());
        toClose.add(service);
        WorkflowFiles workflowFiles = new WorkflowFiles(ValidationOptions.of(settings.config()));
        WorkflowCache workflowCache = new WorkflowCache((path, text) -> workflowFiles.parse(path, text, path),
                WorkflowCache.DEFAULT_MAX_ENTRIES, WorkflowCache.DEFAULT_MAX_BYTES);
        GateDesk gates = new GateDesk(history, log, settings.clock());
        RunCoordinator[] holder = new RunCoordinator[1];
        ServerMetrics metrics = new ServerMetrics(history, () -> holder[0] == null ? 0 : holder[0].queueWaiting());
        startLatencies = new StartLatencies(StartLatencies.DEFAULT_CAPACITY, metrics::startPhase);
        coordinator = new RunCoordinator(service, history, repositories, files, workflowCache, gates, metrics, log,
                settings.clock(), startLatencies);
        holder[0] = coordinator;
        toClose.add(coordinator);

        List<Path> runFolders = new ArrayList<>(List.of(data.resolve("workspaces")));
        var inProgress = history.inState(dev.gantry.server.history.RunState.IN_PROGRESS);
        for (var r : inProgress) {
            runFolders.add(files.runDir(r.id()).resolve("work"));
        }
        for (var r : history.inState(dev.gantry.server.history.RunState.QUEUED)) {
            runFolders.add(files.runDir(r.id()).resolve("work"));
        }
        new CrashLeftovers(service.runners().runners(), new DockerCli(settings.environment(), Duration.ofSeconds(60)),
                log).end(runFolders, inProgress.stream().map(r -> Long.toString(r.id())).toList());
        service.sweep(files.runDir(0).getParent());
        coordinator.recover();

        TriggerDispatch dispatch = new TriggerDispatch(workflowCache, new TriggerMatcher(), coordinator, log);
        RepositoryUpdates updates = new RepositoryUpdates(history, dispatch, log, settings.clock());
        ExecutorService background = Executors.newFixedThreadPool(2, daemon("gantry-webhook"));
        toClose.add(() -> stop(background));

        List<Route> routes = new ArrayList<>();
        routes.addAll(new SystemEndpoints(repositories, dispatch, metrics, database.description()).routes());
        routes.addAll(new RunsEndpoints(history, repositories, dispatch, coordinator, files).routes());
        routes.addAll(new WebhooksEndpoint(repositories, new WebhookReader(), deliveries, updates, background, log,
                metrics, settings.clock()).routes());
        routes.addAll(new TokensEndpoints(tokens, settings.clock(), log, () -> {
            if (tokens.list().stream().filter(t -> t.role() == Role.ADMIN).count() > 1) {
                removeInitialToken(data);
            }
        }).routes());
        api = new HttpApi(routes, tokens, settings.anonymousRead(), settings.clock(), log::log);
        ServerServices services = new ServerServices(history, repositories, dispatch, coordinator, files, tokens,
                settings.anonymousRead(), service::runners, settings.clock(), log);
        List<Handler> handlers = new ArrayList<>();
        for (ServerFront front : ServiceLoader.load(ServerFront.class)) {
            handlers.add(front.handler(services));
        }
        handlers.add(api);
        http = new HttpServer(settings.host(), settings.port(), new Handler.Sequence(handlers));
        http.start();
        toClose.add(http);

        ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, daemon("gantry-timer"));
        toClose.add(() -> stop(timers));
        for (WatchedRepository repo : repositories.all()) {
            Integer poll = repo.config().pollSeconds();
            if (poll != null) {
                timers.scheduleWithFixedDelay(() -> updates.fetchAndDispatch(repo, "poll"), 0, poll,
                        TimeUnit.SECONDS);
            } else {
                timers.execute(() -> updates.fetchAndDispatch(repo, "start-up"));
            }
        }
        timers.scheduleWithFixedDelay(() -> compactMirrors(repositories), 10, 10, TimeUnit.SECONDS);
        ticker = new ScheduleTicker(repositories, dispatch, log, settings.clock());
        long every = settings.scheduleEvery().toMillis();
        timers.scheduleWithFixedDelay(this::tickQuietly, every, every, TimeUnit.MILLISECONDS);
        Retention retention = new Retention(history, deliveries, files, settings.retentionDays(),
                settings.retentionRunsPerWorkflow(), settings.clock(), log);
        timers.scheduleWithFixedDelay(() -> {
            try {
                retention.apply();
            } catch (RuntimeException e) {
                log.log("retention failed: " + e.getMessage());
            }
        }, 1, settings.retentionEvery().toSeconds(), TimeUnit.SECONDS);

        log.log("gantry serve: listening on http://" + settings.host() + ":" + http.port() + " (data " + data
                + ", database " + database.description() + ", " + repositories.all().size() + " repositor"
                + (repositories.all().size() == 1 ? "y" : "ies") + (settings.anonymousRead() ? ", anonymous read"
                : "") + ")");
    }

    private void tickQuietly() {
        try {
            ticker.tick();
        } catch (RuntimeException e) {
            log.log("schedule check failed: " + e.getMessage());
        }
    }

    /** Joins the packs fetches left in each mirror, when it is due (see {@code RepositoryMirror.compactIfDue}). */
    private void compactMirrors(Repositories repositories) {
        for (WatchedRepository repo : repositories.all()) {
            long start = System.nanoTime();
            try {
                int joined = repo.mirror().compactIfDue();
                if (joined > 0) {
                    log.log("repository " + repo.name() + ": mirror compacted (" + joined + " packs and loose "
                            + "objects into one pack) in "
                            + (System.nanoTime() - start) / 1_000_000 + " ms");
                }
            } catch (ScmException | RuntimeException e) {
                log.log("repository " + repo.name() + ": " + e.getMessage());
            }
        }
    }

    /** Checks SCHEDULE triggers now (tests call it after moving their clock). */
    public void tickSchedules() {
        ticker.tick();
    }

    /** Where the time from recent triggers to their runs' first steps went (the bench prints it). */
    public StartLatencies startLatencies() {
        return startLatencies;
    }

    /** The port the API listens on. */
    public int port() {
        return http.port();
    }

    /**
     * Interrupts {@code threads} and waits (at most 30 s) until a fetch or dispatch in flight has ended, so nothing
     * writes into the data folder after {@link #close()} returns.
     */
    private void stop(ExecutorService threads) throws InterruptedException {
        threads.shutdownNow();
        if (!threads.awaitTermination(30, TimeUnit.SECONDS)) {
            log.log("while stopping: a fetch or dispatch did not end within 30 s");
        }
    }

    /** The API's routes (docs/openapi.yaml lists exactly these). */
    public List<Route> apiRoutes() {
        return api.routes();
    }

    private void firstToken(TokenStore tokens, Path data) throws IOException {
        Path file = data.resolve(INITIAL_TOKEN_FILE);
        if (!tokens.isEmpty()) {
            if (Files.exists(file)) {
                log.log("the first admin token is in " + file + " (removed once another admin token exists)");
            }
            return;
        }
        TokenStore.NewToken t = tokens.create("admin", Role.ADMIN, settings.clock().millis()).orElseThrow();
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, t.value() + "\n", StandardCharsets.UTF_8);
        log.log("no API token existed: the first admin token is in " + file + " (readable by you only). Use it "
                + "as 'Authorization: Bearer <token>' and create a token for each person or tool with POST "
                + "/api/tokens {\"name\": \"alice\", \"role\": \"run\"}; the file is removed once another admin "
                + "token exists");
    }

    private void removeInitialToken(Path data) {
        try {
            if (Files.deleteIfExists(data.resolve(INITIAL_TOKEN_FILE))) {
                log.log("removed " + data.resolve(INITIAL_TOKEN_FILE) + ": another admin token exists now");
            }
        } catch (IOException e) {
            log.log("cannot remove " + data.resolve(INITIAL_TOKEN_FILE) + ": " + e.getMessage());
        }
    }

    private String secret(RepositoryConfig rc) throws IOException {
        if (rc.secretEnv() != null) {
            String v = settings.environment().get(rc.secretEnv());
            if (v == null || v.isBlank()) {
                throw new IllegalStateException("repository '" + rc.name() + "': environment variable "
                        + rc.secretEnv() + " (its webhook secret) is not set");
            }
            return v.strip();
        }
        if (rc.secretFile() != null) {
            return Files.readString(rc.secretFile(), StandardCharsets.UTF_8).strip();
        }
        return null;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Stops everything (running runs end Stopped; queued runs stay queued). */
    @Override
    public void close() {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            AutoCloseable c = toClose.get(i);
            try {
                c.close();
            } catch (Exception e) {
                log.log("while stopping: " + e.getMessage());
            }
        }
        toClose.clear();
    }
}
