package dev.gantry.cli;

import dev.gantry.cli.config.ConfigOptions;
import dev.gantry.dsl.config.ConfigFiles;
import dev.gantry.engine.config.GantryConfig;
import dev.gantry.server.EventLog;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;

/**
 * {@code gantry serve}: Gantry as the team's CI server, in the foreground (the work is {@link GantryServer}). Stops
 * on SIGTERM or Ctrl-C: running runs are cancelled and recorded Stopped, queued runs stay queued.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false, description = {
    "Runs Gantry as a CI server: watches the repositories of gantry.yaml's server: section (or, with none, the git "
        + "repository of the current folder), runs their workflows on push, pull request, schedule and API call, "
        + "keeps the history and serves the HTTP API (docs/api.md, docs/server.md).",
    "Exit codes: 0 stopped cleanly, 2 configuration error or the server could not start."})
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (default: server.port or 8080; "
            + "0: a free one).")
    Integer port;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to listen on (default: server.host or "
            + "127.0.0.1).")
    String host;

    @Option(names = "--data", paramLabel = "DIR", description = "Data folder: history database, logs, artifacts, "
            + "mirrors (default: server.dataDir or .gantry/server).")
    Path data;

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Path cwd = Path.of("").toAbsolutePath();
        ConfigFiles files = ConfigFiles.forThisProcess();
        Path repository = gitRoot(cwd);
        GantryConfig loaded = config.load(files, repository != null ? repository : cwd, err);
        if (loaded.serverSection().isEmpty() && repository == null) {
            err.println("gantry serve: no server: section in gantry.yaml and the current folder is not in a git "
                    + "repository; add repositories to gantry.yaml (docs/server.md) or run it in a repository");
            err.flush();
            return ExitCode.USAGE.code();
        }
        ServerSettings settings = ServerSettings.resolve(loaded, host, port, data, repository, cwd, System.getenv());
        EventLog log = new EventLog(System.out, Clock.systemUTC());
        GantryServer server;
        try {
            server = GantryServer.start(settings, log);
        } catch (Exception e) {
            err.println("gantry serve: cannot start: " + e.getMessage());
            err.flush();
            return ExitCode.USAGE.code();
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            log.log("stopping (signal): running runs are stopped, queued runs stay queued");
            server.close();
            log.log("stopped");
            stopped.countDown();
        }, "gantry-serve-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        stopped.await();
        return ExitCode.OK.code();
    }

    /** The root of the git working tree holding {@code dir}, or {@code null}. */
    static Path gitRoot(Path dir) {
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git"))) {
                return p;
            }
        }
        return null;
    }
}
