package dev.gantry.server.it;

import dev.gantry.engine.config.ConfigOrigin;
import dev.gantry.engine.config.GantryConfig;
import dev.gantry.engine.config.RunnerConfig;
import dev.gantry.engine.config.RunnerKind;
import dev.gantry.server.EventLog;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A server in a process of its own, for the crash and SIGTERM tests: {@code DATA REPOSITORY-URL [JDBC-URL]}. Writes its port
 * to {@code DATA/port} once listening; stops on SIGTERM like {@code gantry serve} (ServeCommand does the same).
 * With {@code -Dgantry.test.containerRunner=NAME=IMAGE} its one runner is a container runner of that image.
 */
public final class ServerProcessMain {
    private ServerProcessMain() {
    }

    private static GantryConfig config() {
        String runner = System.getProperty("gantry.test.containerRunner");
        if (runner == null) {
            return GantryConfig.EMPTY;
        }
        String[] nameImage = runner.split("=", 2);
        return new GantryConfig(Map.of(), null, List.of(new RunnerConfig(nameImage[0], RunnerKind.CONTAINER, null,
                List.of(), List.of(), null, nameImage[1], null, null, null, null, null, ConfigOrigin.COMMAND_LINE,
                null)), null);
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        String jdbcUrl = args.length > 2 ? args[2] : null;
        ServerSettings settings = new ServerSettings("127.0.0.1", 0, data, jdbcUrl, null, null, false, null, null,
                List.of(TestServer.repository("app", args[1], 3600, null, null, List.of())), config(),
                System.getenv(), Clock.systemUTC(), Duration.ofHours(1), Duration.ofHours(1));
        EventLog log = new EventLog(System.out, Clock.systemUTC());
        GantryServer server = GantryServer.start(settings, log);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            log.log("stopped");
            stopped.countDown();
        }));
        Files.writeString(data.resolve("port.tmp"), Integer.toString(server.port()));
        Files.move(data.resolve("port.tmp"), data.resolve("port"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        stopped.await();
    }
}
