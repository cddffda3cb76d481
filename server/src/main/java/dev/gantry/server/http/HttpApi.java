package dev.gantry.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gantry.server.auth.Caller;
import dev.gantry.server.auth.Role;
import dev.gantry.server.auth.TokenStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The HTTP front of the server as one Jetty handler: routes a request, bounds its body, authenticates it (API token
 * as {@code Authorization: Bearer ...}; anonymous read when switched on), calls the route and writes the answer.
 * Every refusal is a JSON error with a reason; an unexpected failure is a 500 that names no internals (the server
 * log has the detail).
 */
public final class HttpApi extends Handler.Abstract {
    /** The largest body an API call may send. */
    public static final int MAX_BODY = 1 << 20;
    /** The largest webhook payload (GitHub caps its own at 25 MB; pushes of huge commit lists are truncated). */
    public static final int MAX_WEBHOOK_BODY = 5 << 20;
    /** How much of an oversized body is read and dropped before the 413, so the client can read the answer. */
    public static final int MAX_DISCARDED = 16 << 20;

    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private final List<Route> routes;
    private final TokenStore tokens;
    private final boolean anonymousRead;
    private final Clock clock;
    private final Consumer<String> log;

    public HttpApi(List<Route> routes, TokenStore tokens, boolean anonymousRead, Clock clock, Consumer<String> log) {
        this.routes = List.copyOf(routes);
        this.tokens = tokens;
        this.anonymousRead = anonymousRead;
        this.clock = clock;
        this.log = log;
    }

    /** The routes, in the order they are matched. */
    public List<Route> routes() {
        return routes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        ApiResponse answer;
        try {
            answer = answer(request);
        } catch (ApiException e) {
            answer = error(e);
        } catch (Exception e) {
            log.accept("internal error on " + request.getMethod() + " " + Request.getPathInContext(request) + ": "
                    + e);
            answer = error(new ApiException(500, "internal", "the server failed to answer; its log says why"));
        }
        try {
            write(answer, response, callback);
        } catch (Exception e) {
            callback.failed(e);
        }
        return true;
    }

    private ApiResponse answer(Request request) throws Exception {
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        String path = Request.getPathInContext(request);
        Route route = null;
        Map<String, String> params = null;
        List<String> allowed = new ArrayList<>();
        for (Route r : routes) {
            Optional<Map<String, String>> m = r.match(path);
            if (m.isPresent()) {
                if (r.method().equals(method)) {
                    route = r;
                    params = m.get();
                    break;
                }
                allowed.add(r.method());
            }
        }
        if (route == null) {
            if (!allowed.isEmpty()) {
                throw new ApiException(405, "method-not-allowed", method + " is not allowed on " + path + "; use "
                        + String.join(" or ", allowed));
            }
            throw ApiException.notFound("no endpoint " + path + " (see docs/api.md)");
        }
        Caller caller = authenticate(request, route.role());
        byte[] body = readBody(request, route.role() == null ? MAX_WEBHOOK_BODY : MAX_BODY);
        Map<String, List<String>> query = new LinkedHashMap<>();
        Fields fields = Request.extractQueryParameters(request);
        for (Fields.Field f : fields) {
            query.put(f.getName(), f.getValues());
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (HttpField h : request.getHeaders()) {
            headers.putIfAbsent(h.getName(), h.getValue());
        }
        return route.endpoint().answer(new ApiRequest(method, path, params, query, headers, body, caller));
    }

    private Caller authenticate(Request request, Role needed) {
        if (needed == null) {
            return null;
        }
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header == null) {
            if (anonymousRead && needed == Role.READ) {
                return Caller.ANONYMOUS;
            }
            throw new ApiException(401, "unauthorized", "this needs an API token with role " + needed.label()
                    + ": send 'Authorization: Bearer <token>'");
        }
        String value = header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : "";
        Caller caller = tokens.authenticate(value, clock.millis()).orElseThrow(() -> new ApiException(401,
                "unauthorized", "the API token is not valid (revoked, mistyped, or not a Bearer token)"));
        if (!caller.role().includes(needed)) {
            throw new ApiException(403, "forbidden", "token '" + caller.name() + "' has role "
                    + caller.role().label() + "; this needs " + needed.label());
        }
        return caller;
    }

    /**
     * The body, at most {@code max} bytes. A larger one is refused with 413, but only after reading and discarding
     * it when it is at most {@link #MAX_DISCARDED} bytes: a client still writing its body when the server answers
     * and closes gets a broken pipe (and on Linux a reset that may swallow the 413), not the reason.
     */
    private static byte[] readBody(Request request, int max) throws IOException {
        long declared = request.getLength();
        try (InputStream in = Content.Source.asInputStream(request)) {
            if (declared > max) {
                discard(in, declared);
                throw new ApiException(413, "too-large", "the body is " + declared + " bytes; the limit is " + max);
            }
            byte[] body = in.readNBytes(max + 1);
            if (body.length > max) {
                discard(in, -1);
                throw new ApiException(413, "too-large", "the body is larger than the limit of " + max + " bytes");
            }
            return body;
        }
    }

    /** Reads and drops what is left of an oversized body, when it is small enough to be worth it. */
    private static void discard(InputStream in, long declared) throws IOException {
        if (declared > MAX_DISCARDED) {
            return; // the connection is closed after the answer
        }
        byte[] sink = new byte[64 * 1024];
        long read = 0;
        int n;
        while (read <= MAX_DISCARDED && (n = in.read(sink)) >= 0) {
            read += n;
        }
    }

    private static ApiResponse error(ApiException e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("status", e.status());
        error.put("code", e.code());
        error.put("reason", e.getMessage());
        if (!e.details().isEmpty()) {
            error.put("details", e.details());
        }
        return new ApiResponse.Json(e.status(), Map.of("error", error));
    }

    private static void write(ApiResponse answer, Response response, Callback callback) throws Exception {
        response.setStatus(answer.status());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        if (answer instanceof ApiResponse.Json j) {
            byte[] bytes = JSON.writeValueAsBytes(j.body());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.write(true, ByteBuffer.wrap(bytes), callback);
        } else if (answer instanceof ApiResponse.Text t) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, t.contentType());
            response.write(true, ByteBuffer.wrap(t.body().getBytes(StandardCharsets.UTF_8)), callback);
        } else if (answer instanceof ApiResponse.File f) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, f.contentType());
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Files.size(f.path()));
            try (OutputStream out = Content.Sink.asOutputStream(response)) {
                Files.copy(f.path(), out);
            }
            callback.succeeded();
        } else if (answer instanceof ApiResponse.Stream s) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, s.contentType());
            try (OutputStream out = Content.Sink.asOutputStream(response)) {
                s.writer().write(out);
            } catch (IOException e) {
                // the client went away: nothing more to send
            }
            callback.succeeded();
        }
    }
}
