package dev.gantry.server.repo;

import dev.gantry.engine.config.ServerConfig.RepositoryConfig;
import dev.gantry.scm.git.RepositoryMirror;

import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One repository the server watches: its configuration, its bare mirror in the data folder, the webhook secret
 * (read from the environment or a file at start-up, never logged) and a lock that makes "fetch, then start the
 * runs the fetch calls for" one step per repository (the poller and webhooks take turns).
 */
public final class WatchedRepository implements AutoCloseable {
    private final RepositoryConfig config;
    private final RepositoryMirror mirror;
    private final String secret;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Long lastFetchAt;
    private volatile String lastError;

    public WatchedRepository(RepositoryConfig config, RepositoryMirror mirror, String secret) {
        this.config = config;
        this.mirror = mirror;
        this.secret = secret;
    }

    public String name() {
        return config.name();
    }

    public RepositoryConfig config() {
        return config;
    }

    public RepositoryMirror mirror() {
        return mirror;
    }

    /** The webhook secret, if one is configured. */
    public Optional<String> secret() {
        return Optional.ofNullable(secret);
    }

    /** Held while fetching and dispatching. */
    public ReentrantLock lock() {
        return lock;
    }

    public void fetched(long at, String error) {
        lastFetchAt = at;
        lastError = error;
    }

    /** When the last fetch ended, or {@code null}. */
    public Long lastFetchAt() {
        return lastFetchAt;
    }

    /** Why the last fetch failed, or {@code null} when it worked. */
    public String lastError() {
        return lastError;
    }

    @Override
    public void close() {
        mirror.close();
    }
}
