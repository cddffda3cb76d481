package dev.gantry.server.repo;

import dev.gantry.engine.config.ServerConfig.RepositoryConfig;
import dev.gantry.scm.git.RepositoryMirror;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
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
    private final AtomicLong fetchesBegun = new AtomicLong();
    private volatile long lastGoodFetch;
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

    /** How many fetches have begun so far: a trigger notes it on arrival (see {@link #fetchedSince}). */
    public long fetchesBegun() {
        return fetchesBegun.get();
    }

    /** Numbers a fetch about to begin (hold the {@link #lock()}). */
    public long beginFetch() {
        return fetchesBegun.incrementAndGet();
    }

    /** Fetch {@code number} worked. */
    public void fetchWorked(long number) {
        lastGoodFetch = Math.max(lastGoodFetch, number);
    }

    /**
     * Whether a fetch that began after {@code fetchesBegun} was noted has worked: it saw every push made before
     * that moment, so a trigger that noted it needs no fetch of its own.
     */
    public boolean fetchedSince(long fetchesBegun) {
        return lastGoodFetch > fetchesBegun;
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
