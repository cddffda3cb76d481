package dev.gantry.server;

import dev.gantry.engine.config.GantryConfig;
import dev.gantry.engine.config.ServerConfig;
import dev.gantry.engine.config.ServerConfig.RepositoryConfig;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code gantry serve} needs to start, resolved from {@code gantry.yaml}'s {@code server:} section, the
 * command line and, with no section at all, the zero configuration (the current git repository, polled, on
 * localhost, anonymous read).
 *
 * @param config          the whole configuration (runners, environments, secrets and cache are the runs')
 * @param environment     this process's environment (secrets named by {@code secretEnv}, {@code passwordEnv})
 * @param scheduleEvery   how often SCHEDULE triggers are checked
 * @param retentionEvery  how often the retention policy runs
 */
public record ServerSettings(String host, int port, Path dataDir, String jdbcUrl, String dbUser, String dbPasswordEnv,
                             boolean anonymousRead, Integer retentionDays, Integer retentionRunsPerWorkflow,
                             List<RepositoryConfig> repositories, GantryConfig config, Map<String, String> environment,
                             Clock clock, Duration scheduleEvery, Duration retentionEvery) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    /** The zero configuration's poll interval. */
    public static final int ZERO_CONFIG_POLL_SECONDS = 5;

    public ServerSettings {
        repositories = List.copyOf(repositories);
        environment = Map.copyOf(environment);
    }

    /**
     * The settings from a configuration's {@code server:} section and the command line ({@code null}: not given).
     * Without a section, {@code zeroConfigRepository} (a git working tree, or {@code null}) is served, polled every
     * {@value #ZERO_CONFIG_POLL_SECONDS} s, with anonymous read, data in its {@code .gantry/server}.
     */
    public static ServerSettings resolve(GantryConfig config, String hostFlag, Integer portFlag, Path dataFlag,
                                         Path zeroConfigRepository, Path cwd, Map<String, String> environment) {
        ServerConfig s = config.serverSection().orElse(null);
        List<RepositoryConfig> repositories;
        boolean anonymous;
        Path data;
        if (s == null && zeroConfigRepository != null) {
            String name = zeroConfigRepository.getFileName() == null ? "repository"
                    : zeroConfigRepository.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "-");
            repositories = List.of(new RepositoryConfig(name, zeroConfigRepository.toString(),
                    ZERO_CONFIG_POLL_SECONDS, null, null, null, List.of(),
                    dev.gantry.engine.config.ConfigOrigin.COMMAND_LINE));
            anonymous = true;
            data = zeroConfigRepository.resolve(".gantry").resolve("server");
        } else {
            repositories = s == null ? List.of() : s.repositories();
            anonymous = s != null && Boolean.TRUE.equals(s.anonymousRead());
            data = s != null && s.dataDir() != null ? s.dataDir() : cwd.resolve(".gantry").resolve("server");
        }
        if (dataFlag != null) {
            data = cwd.resolve(dataFlag);
        }
        String host = hostFlag != null ? hostFlag : s != null && s.host() != null ? s.host() : DEFAULT_HOST;
        int port = portFlag != null ? portFlag : s != null && s.port() != null ? s.port() : DEFAULT_PORT;
        ServerConfig.DatabaseConfig db = s == null ? null : s.database();
        ServerConfig.RetentionConfig r = s == null ? null : s.retention();
        return new ServerSettings(host, port, data.toAbsolutePath().normalize(), db == null ? null : db.url(),
                db == null ? null : db.user(), db == null ? null : db.passwordEnv(), anonymous,
                r == null ? null : r.days(), r == null ? null : r.runsPerWorkflow(), repositories, config,
                environment, Clock.systemUTC(), Duration.ofSeconds(30), Duration.ofHours(1));
    }

    /** The same settings with another clock and schedule interval (tests move time instead of waiting). */
    public ServerSettings withClock(Clock clock, Duration scheduleEvery) {
        return new ServerSettings(host, port, dataDir, jdbcUrl, dbUser, dbPasswordEnv, anonymousRead, retentionDays,
                retentionRunsPerWorkflow, repositories, config, environment, clock, scheduleEvery, retentionEvery);
    }
}
