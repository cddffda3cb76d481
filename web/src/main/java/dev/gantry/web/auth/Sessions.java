package dev.gantry.web.auth;

import dev.gantry.server.auth.Caller;
import dev.gantry.server.auth.TokenStore;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Browser sessions: signing in with an API token gives a random session id (the cookie) that maps, in this
 * server's memory only, to the token and a CSRF secret. Each request authenticates the token again, so a revoked
 * token ends its sessions. At most {@link #MAX_SESSIONS} sessions; the oldest go first. A server restart signs
 * everyone out.
 */
public final class Sessions {
    /** The session cookie's name. */
    public static final String COOKIE = "gantry_session";
    static final int MAX_SESSIONS = 10_000;

    private final TokenStore tokens;
    private final SecureRandom random;
    private final Map<String, Session> sessions = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
            return size() > MAX_SESSIONS;
        }
    };

    public Sessions(TokenStore tokens, SecureRandom random) {
        this.tokens = tokens;
        this.random = random;
    }

    /** One signed-in browser: the token it signed in with (never sent back) and its CSRF secret. */
    public record Session(String id, String token, String csrf) {
    }

    /** Signs in with a token: the new session, or empty when the token is not valid. */
    public Optional<Session> signIn(String token, long now) {
        if (tokens.authenticate(token == null ? "" : token.strip(), now).isEmpty()) {
            return Optional.empty();
        }
        Session s = new Session(randomText(), token.strip(), randomText());
        synchronized (sessions) {
            sessions.put(s.id(), s);
        }
        return Optional.of(s);
    }

    /** The session of a cookie value, if it is live. */
    public Optional<Session> find(String id) {
        if (id == null || id.length() > 100) {
            return Optional.empty();
        }
        synchronized (sessions) {
            return Optional.ofNullable(sessions.get(id));
        }
    }

    /** Who the session stands for now (empty when its token was revoked). */
    public Optional<Caller> caller(Session s, long now) {
        return tokens.authenticate(s.token(), now);
    }

    public void signOut(String id) {
        synchronized (sessions) {
            sessions.remove(id);
        }
    }

    /** Whether a form's CSRF field matches the session's secret (compared in constant time). */
    public static boolean csrfMatches(Session s, String sent) {
        return s != null && sent != null && MessageDigest.isEqual(s.csrf().getBytes(StandardCharsets.UTF_8),
                sent.getBytes(StandardCharsets.UTF_8));
    }

    private String randomText() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
