package dev.gantry.engine.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The {@code server:} section of {@code gantry.yaml}: how {@code gantry serve} listens, where it keeps its data,
 * which database holds the history, how long history is kept, and the repositories it watches. Every field but
 * {@code repositories} may be {@code null} (the default). See {@code docs/server.md}.
 *
 * @param host          the address to listen on (default 127.0.0.1)
 * @param port          the port (default 8080)
 * @param dataDir       logs, artifacts, mirrors and the embedded database (default {@code .gantry/server})
 * @param database      a JDBC database instead of the embedded one
 * @param anonymousRead whether reading needs no token
 * @param retention     how long runs are kept
 * @param repositories  the repositories to watch, in file order
 */
public record ServerConfig(String host, Integer port, Path dataDir, DatabaseConfig database, Boolean anonymousRead,
                           RetentionConfig retention, List<RepositoryConfig> repositories, ConfigOrigin origin) {
    public ServerConfig {
        repositories = List.copyOf(repositories);
    }

    /**
     * A JDBC database (PostgreSQL) for the history.
     *
     * @param passwordEnv the environment variable holding the password (never the password itself)
     */
    public record DatabaseConfig(String url, String user, String passwordEnv, ConfigOrigin origin) {
    }

    /** Runs older than {@code days}, or beyond the newest {@code runsPerWorkflow} of a workflow, are deleted. */
    public record RetentionConfig(Integer days, Integer runsPerWorkflow, ConfigOrigin origin) {
    }

    /**
     * One repository to watch.
     *
     * @param url          a local path, {@code file://}, {@code ssh://}, {@code https://} or scp-like git URL
     * @param pollSeconds  poll every N seconds, or {@code null} for no polling (webhooks only)
     * @param webhook      {@code github}, {@code gitlab}, {@code gitea} or {@code generic}, or {@code null}
     * @param secretEnv    the environment variable holding the webhook secret
     * @param secretFile   a file holding the webhook secret
     * @param branches     anchored regular expressions of the branches to keep; empty: all
     */
    public record RepositoryConfig(String name, String url, Integer pollSeconds, String webhook, String secretEnv,
                                   Path secretFile, List<String> branches, ConfigOrigin origin) {
        public RepositoryConfig {
            branches = List.copyOf(branches);
        }
    }

    /** The repository called {@code name}. */
    public Optional<RepositoryConfig> repository(String name) {
        return repositories.stream().filter(r -> r.name().equals(name)).findFirst();
    }
}
