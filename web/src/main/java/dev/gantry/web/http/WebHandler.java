package dev.gantry.web.http;

import dev.gantry.server.auth.Caller;
import dev.gantry.web.auth.Sessions;
import dev.gantry.web.page.Layout;
import org.eclipse.jetty.http.HttpCookie;
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
import java.net.URI;
import java.net.URLDecoder;
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
 * The pages' Jetty handler: declines {@code /api/...} and paths that are no page (the API answers those), finds who
 * is asking (session cookie, else anonymous read when the server allows it, else the sign-in page), checks form
 * posts (same origin, the session's CSRF field, the run role where needed) and writes the answer with headers that
 * keep a page from being framed or running scripts from elsewhere.
 */
public final class WebHandler extends Handler.Abstract {
    /** The largest form a page posts. */
    static final int MAX_FORM = 64 * 1024;
    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; "
            + "script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final List<PageRoute> routes;
    private final Sessions sessions;
    private final boolean anonymousRead;
    private final Layout layout;
    private final Clock clock;
    private final Consumer<String> log;

    public WebHandler(List<PageRoute> routes, Sessions sessions, boolean anonymousRead, Layout layout, Clock clock,
                      Consumer<String> log) {
        this.routes = List.copyOf(routes);
        this.sessions = sessions;
        this.anonymousRead = anonymousRead;
        this.layout = layout;
        this.clock = clock;
        this.log = log;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (path.startsWith("/api/") || path.equals("/api")) {
            return false;
        }
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        PageRoute route = null;
        Map<String, String> params = null;
        for (PageRoute r : routes) {
            Optional<Map<String, String>> m = r.match(path);
            if (m.isPresent() && (r.method().equals(method) || (method.equals("HEAD") && r.method().equals("GET")))) {
                route = r;
                params = m.get(); // percent-decoded by the route, segment by segment
                break;
            }
        }
        if (route == null) {
            return false;
        }
        Sessions.Session session = null;
        Caller caller = null;
        PageResponse answer;
        try {
            session = session(request);
            if (session != null) {
                caller = sessions.caller(session, clock.millis()).orElse(null);
                if (caller == null) {
                    sessions.signOut(session.id());
                    session = null;
                }
            }
            if (caller == null && anonymousRead) {
                caller = Caller.ANONYMOUS;
            }
            answer = answer(request, route, params, method, path, caller, session);
        } catch (PageException e) {
            answer = new PageResponse.Html(e.status(), layout.error(e.status(), e.getMessage(), caller, session));
        } catch (Exception e) {
            log.accept("internal error on page " + method + " " + path + ": " + e);
            answer = new PageResponse.Html(500, layout.error(500, "The server failed to show this page; its log "
                    + "says why.", caller, session));
        }
        try {
            write(answer, response, callback);
        } catch (Exception e) {
            callback.failed(e);
        }
        return true;
    }

    private PageResponse answer(Request request, PageRoute route, Map<String, String> params, String method,
                                String path, Caller caller, Sessions.Session session) throws Exception {
        // A post's form is read (bounded) before any refusal: an answer that leaves the body unread makes the server
        // close the connection, and a client that sends its next request on it gets no answer at all.
        Map<String, List<String>> form = method.equals("POST") ? readForm(request) : Map.of();
        if (route.access() != PageRoute.Access.PUBLIC && caller == null) {
            String target = path + (request.getHttpURI().getQuery() == null ? "" : "?"
                    + request.getHttpURI().getQuery());
            return new PageResponse.Redirect("/signin?next=" + dev.gantry.web.page.Html.url(target));
        }
        if (method.equals("POST")) {
            checkOrigin(request);
            if (route.access() != PageRoute.Access.PUBLIC) {
                List<String> sent = form.get("_csrf");
                if (!Sessions.csrfMatches(session, sent == null || sent.isEmpty() ? null : sent.get(0))) {
                    throw new PageException(403, "This form is out of date or did not come from this server's "
                            + "page (its CSRF token does not match your session). Go back, reload and try again.");
                }
            }
        }
        Map<String, List<String>> query = new LinkedHashMap<>();
        for (Fields.Field f : Request.extractQueryParameters(request)) {
            query.put(f.getName(), f.getValues());
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (HttpField h : request.getHeaders()) {
            headers.putIfAbsent(h.getName(), h.getValue());
        }
        PageRequest page = new PageRequest(method, path, params, query, form, headers, caller, session);
        if (route.access() == PageRoute.Access.RUN && !page.mayRun()) {
            throw new PageException(403, caller == null || caller.isAnonymous()
                    ? "Sign in with a token that has the run role to do this."
                    : "Your token '" + caller.name() + "' has role " + caller.role().label() + "; this needs run.");
        }
        return route.endpoint().answer(page);
    }

    private Sessions.Session session(Request request) {
        for (HttpCookie c : Request.getCookies(request)) {
            if (c.getName().equals(Sessions.COOKIE)) {
                return sessions.find(c.getValue()).orElse(null);
            }
        }
        return null;
    }

    /** A post must come from a page of this server when the browser says where it came from. */
    private static void checkOrigin(Request request) {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin == null || origin.equals("null")) {
            return;
        }
        String host = request.getHeaders().get(HttpHeader.HOST);
        try {
            URI o = URI.create(origin);
            String authority = o.getPort() < 0 ? o.getHost() : o.getHost() + ":" + o.getPort();
            if (host != null && authority.equalsIgnoreCase(host)) {
                return;
            }
        } catch (IllegalArgumentException e) {
            // refused below
        }
        throw new PageException(403, "This form was posted from another site (" + origin + "); Gantry only takes "
                + "forms from its own pages.");
    }

    private static Map<String, List<String>> readForm(Request request) throws IOException {
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            body = in.readNBytes(MAX_FORM + 1);
        }
        if (body.length > MAX_FORM) {
            throw new PageException(413, "The form is larger than " + MAX_FORM + " bytes.");
        }
        Map<String, List<String>> form = new LinkedHashMap<>();
        String text = new String(body, StandardCharsets.UTF_8);
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                form.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } catch (IllegalArgumentException e) {
                throw new PageException(400, "The form is not readable (bad percent-encoding).");
            }
        }
        return form;
    }

    private static void write(PageResponse answer, Response response, Callback callback) throws Exception {
        var h = response.getHeaders();
        h.put("X-Content-Type-Options", "nosniff");
        h.put("Referrer-Policy", "same-origin");
        h.put("Content-Security-Policy", CSP);
        h.put("X-Frame-Options", "DENY");
        if (answer instanceof PageResponse.Html html) {
            response.setStatus(html.status());
            h.put(HttpHeader.CACHE_CONTROL, "no-store");
            h.put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
            response.write(true, ByteBuffer.wrap(html.body().getBytes(StandardCharsets.UTF_8)), callback);
        } else if (answer instanceof PageResponse.Redirect r) {
            response.setStatus(303);
            h.put(HttpHeader.LOCATION, r.location());
            if (r.setCookie() != null) {
                h.put(HttpHeader.SET_COOKIE, r.setCookie());
            }
            h.put(HttpHeader.CACHE_CONTROL, "no-store");
            response.write(true, ByteBuffer.allocate(0), callback);
        } else if (answer instanceof PageResponse.Bytes b) {
            response.setStatus(200);
            h.put(HttpHeader.CONTENT_TYPE, b.contentType());
            h.put(HttpHeader.CACHE_CONTROL, b.cacheControl());
            response.write(true, ByteBuffer.wrap(b.body()), callback);
        } else if (answer instanceof PageResponse.File f) {
            response.setStatus(200);
            h.put(HttpHeader.CONTENT_TYPE, f.contentType());
            h.put(HttpHeader.CACHE_CONTROL, "no-store");
            if (f.downloadName() != null) {
                h.put(HttpHeader.CONTENT_DISPOSITION, "attachment; filename=\""
                        + f.downloadName().replaceAll("[^A-Za-z0-9._-]", "_") + "\"");
            }
            h.put(HttpHeader.CONTENT_LENGTH, Files.size(f.path()));
            try (OutputStream out = Content.Sink.asOutputStream(response)) {
                Files.copy(f.path(), out);
            }
            callback.succeeded();
        } else if (answer instanceof PageResponse.Stream s) {
            response.setStatus(200);
            h.put(HttpHeader.CONTENT_TYPE, s.contentType());
            h.put(HttpHeader.CACHE_CONTROL, "no-store");
            try (OutputStream out = Content.Sink.asOutputStream(response)) {
                s.writer().write(out);
            } catch (IOException e) {
                // the browser went away
            }
            callback.succeeded();
        }
    }
}
