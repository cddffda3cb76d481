package dev.gantry.server.http;

import dev.gantry.server.auth.Role;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One endpoint: method, path pattern ({@code /api/runs/{id}}; a last segment {@code {name*}} takes the rest of the
 * path), the role it needs ({@code null}: no token, the route checks its own signature, as webhooks do) and what
 * answers it.
 */
public record Route(String method, String pattern, Role role, Endpoint endpoint) {
    /** Answers a routed request. */
    @FunctionalInterface
    public interface Endpoint {
        ApiResponse answer(ApiRequest request) throws Exception;
    }

    /** The path parameters when {@code path} matches this route's pattern. */
    public Optional<Map<String, String>> match(String path) {
        List<String> want = segments(pattern);
        List<String> have = segments(path);
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < want.size(); i++) {
            String w = want.get(i);
            if (w.startsWith("{") && w.endsWith("*}")) {
                if (i >= have.size()) {
                    return Optional.empty();
                }
                params.put(w.substring(1, w.length() - 2), String.join("/", have.subList(i, have.size())));
                return Optional.of(params);
            }
            if (i >= have.size()) {
                return Optional.empty();
            }
            if (w.startsWith("{") && w.endsWith("}")) {
                params.put(w.substring(1, w.length() - 1), have.get(i));
            } else if (!w.equals(have.get(i))) {
                return Optional.empty();
            }
        }
        return want.size() == have.size() ? Optional.of(params) : Optional.empty();
    }

    private static List<String> segments(String path) {
        List<String> result = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                result.add(s);
            }
        }
        return result;
    }
}
