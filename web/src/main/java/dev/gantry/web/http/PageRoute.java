package dev.gantry.web.http;

import dev.gantry.server.http.Route;

import java.util.Map;
import java.util.Optional;

/**
 * One page: method, path pattern (as the API's {@link Route}s: {@code /runs/{id}}, a last {@code {rest*}} takes the
 * rest), who may use it and what answers it.
 *
 * @param access {@link Access#PUBLIC} (sign-in, styles), {@link Access#READ} or {@link Access#RUN}
 */
public record PageRoute(String method, String pattern, Access access, Endpoint endpoint) {
    /** Who may open a page. */
    public enum Access { PUBLIC, READ, RUN }

    /** Answers a routed request. */
    @FunctionalInterface
    public interface Endpoint {
        PageResponse answer(PageRequest request) throws Exception;
    }

    /** The path parameters when {@code path} matches (the API's matching rules). */
    public Optional<Map<String, String>> match(String path) {
        return new Route(method, pattern, null, null).match(path);
    }
}
