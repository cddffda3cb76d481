package dev.gantry.server.repo;

import dev.gantry.server.http.ApiException;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The repositories the server watches, by name. */
public final class Repositories implements AutoCloseable {
    private final Map<String, WatchedRepository> byName = new LinkedHashMap<>();

    public Repositories(List<WatchedRepository> repositories) {
        repositories.forEach(r -> byName.put(r.name(), r));
    }

    public Optional<WatchedRepository> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The repository called {@code name}, or a 404 naming the ones there are. */
    public WatchedRepository get(String name) {
        return find(name).orElseThrow(() -> ApiException.notFound("no repository '" + name + "' is configured"
                + (byName.isEmpty() ? "" : "; there are: " + String.join(", ", byName.keySet()))));
    }

    public Collection<WatchedRepository> all() {
        return byName.values();
    }

    @Override
    public void close() {
        byName.values().forEach(WatchedRepository::close);
    }
}
