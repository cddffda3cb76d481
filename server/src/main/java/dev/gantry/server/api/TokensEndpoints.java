package dev.gantry.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.server.EventLog;
import dev.gantry.server.auth.Role;
import dev.gantry.server.auth.TokenStore;
import dev.gantry.server.http.ApiException;
import dev.gantry.server.http.ApiRequest;
import dev.gantry.server.http.ApiResponse;
import dev.gantry.server.http.Route;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /api/tokens}: list, create and revoke API tokens (role admin). A token's value is shown once. */
public final class TokensEndpoints {
    private final TokenStore tokens;
    private final Clock clock;
    private final EventLog log;
    private final Runnable onCreated;

    /** @param onCreated called after a token is created (the server then removes its initial-token file) */
    public TokensEndpoints(TokenStore tokens, Clock clock, EventLog log, Runnable onCreated) {
        this.tokens = tokens;
        this.clock = clock;
        this.log = log;
        this.onCreated = onCreated;
    }

    public List<Route> routes() {
        return List.of(
                new Route("GET", "/api/tokens", Role.ADMIN, r -> ApiResponse.ok(Map.of("tokens",
                        tokens.list().stream().map(TokensEndpoints::info).toList()))),
                new Route("POST", "/api/tokens", Role.ADMIN, this::create),
                new Route("DELETE", "/api/tokens/{name}", Role.ADMIN, this::revoke));
    }

    private ApiResponse create(ApiRequest request) {
        JsonNode body = request.json();
        String name = body.path("name").asText("");
        if (!TokenStore.isValidName(name)) {
            throw ApiException.badRequest("name must be 1 to 100 letters, digits, '.', '_', '@' or '-'");
        }
        String roleText = body.path("role").asText("read");
        Role role = Role.parse(roleText).orElseThrow(() -> ApiException.badRequest("role must be read, run or admin, "
                + "not '" + roleText + "'"));
        TokenStore.NewToken t = tokens.create(name, role, clock.millis()).orElseThrow(() ->
                ApiException.conflict("a token named '" + name + "' exists; revoke it first or pick another name"));
        log.log("token '" + name + "' (" + role.label() + ") created by " + request.caller().name());
        onCreated.run();
        Map<String, Object> m = info(t.info());
        m.put("token", t.value());
        return ApiResponse.created(m);
    }

    private ApiResponse revoke(ApiRequest request) {
        String name = request.param("name");
        if (!tokens.revoke(name)) {
            throw ApiException.notFound("no token named '" + name + "'");
        }
        log.log("token '" + name + "' revoked by " + request.caller().name());
        return ApiResponse.ok(Map.of("revoked", name));
    }

    private static Map<String, Object> info(TokenStore.TokenInfo t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name());
        m.put("role", t.role().label());
        m.put("createdAt", RunJson.time(t.createdAt()));
        m.put("lastUsedAt", RunJson.time(t.lastUsed()));
        return m;
    }
}
