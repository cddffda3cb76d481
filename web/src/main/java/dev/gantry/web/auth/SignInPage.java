package dev.gantry.web.auth;

import dev.gantry.web.http.PageRequest;
import dev.gantry.web.http.PageResponse;
import dev.gantry.web.http.PageRoute;
import dev.gantry.web.http.PageRoute.Access;
import dev.gantry.web.page.Layout;

import java.time.Clock;
import java.util.List;

import static dev.gantry.web.page.Html.esc;

/**
 * Signing in with an API token (the token is checked, then kept in the server's memory behind a session cookie:
 * HttpOnly, SameSite=Strict) and signing out. The token is never written back into a page.
 */
public final class SignInPage {
    private final Sessions sessions;
    private final Layout layout;
    private final Clock clock;

    public SignInPage(Sessions sessions, Layout layout, Clock clock) {
        this.sessions = sessions;
        this.layout = layout;
        this.clock = clock;
    }

    public List<PageRoute> routes() {
        return List.of(
                new PageRoute("GET", "/signin", Access.PUBLIC, r -> form(r, null)),
                new PageRoute("POST", "/signin", Access.PUBLIC, this::signIn),
                new PageRoute("POST", "/signout", Access.READ, this::signOut));
    }

    private PageResponse form(PageRequest r, String problem) {
        String next = safeNext(r.form("next").or(() -> r.query("next")).orElse("/"));
        String body = "<h1>Sign in</h1>" + (problem == null ? "" : "<p class=\"reason\" role=\"alert\">✖ "
                + esc(problem) + "</p>") + "<form method=\"post\" action=\"/signin\" class=\"signin\">"
                + "<input type=\"hidden\" name=\"next\" value=\"" + esc(next) + "\">"
                + "<label for=\"token\">API token</label> <input id=\"token\" name=\"token\" type=\"password\" "
                + "autocomplete=\"off\" required maxlength=\"200\" autofocus> "
                + "<button type=\"submit\" class=\"primary\">Sign in</button></form>"
                + "<p class=\"muted\">Ask an admin for a token (<code>POST /api/tokens</code>, see docs/api.md). "
                + "Role read sees everything; run also starts, cancels, re-runs and approves.</p>";
        return new PageResponse.Html(problem == null ? 200 : 401, layout.page("Sign in", body, r.caller(),
                r.session(), false));
    }

    private PageResponse signIn(PageRequest r) {
        String token = r.form("token").orElse("");
        return sessions.signIn(token, clock.millis())
                .<PageResponse>map(s -> new PageResponse.Redirect(safeNext(r.form("next").orElse("/")),
                        Sessions.COOKIE + "=" + s.id() + "; Path=/; HttpOnly; SameSite=Strict"))
                .orElseGet(() -> form(r, "That token is not valid (mistyped, revoked, or not a Gantry token)."));
    }

    private PageResponse signOut(PageRequest r) {
        if (r.session() != null) {
            sessions.signOut(r.session().id());
        }
        return new PageResponse.Redirect("/signin", Sessions.COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; "
                + "Max-Age=0");
    }

    /** Only a path of this server (no scheme, no {@code //host}) may be where sign-in leads. */
    static String safeNext(String next) {
        return next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") && next.length() < 2000
                ? next : "/";
    }
}
