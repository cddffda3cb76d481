package dev.gantry.server.auth;

import dev.gantry.server.history.Database;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * API tokens in the database, kept only as SHA-256 hashes (a token is 256 random bits, so a fast hash is enough
 * and a stolen database gives no usable token). A token is shown once, when it is created.
 */
public final class TokenStore {
    /** Every token starts with this, so secret scanners and people recognise one. */
    public static final String PREFIX = "gantry_";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");

    private final Database db;
    private final SecureRandom random;

    public TokenStore(Database db, SecureRandom random) {
        this.db = db;
        this.random = random;
    }

    /** A token as listed (never its value). */
    public record TokenInfo(long id, String name, Role role, long createdAt, Long lastUsed) {
    }

    /** A newly created token: {@code value} is shown to its owner once and never stored. */
    public record NewToken(TokenInfo info, String value) {
    }

    /** Whether {@code name} may name a token (letters, digits, {@code . _ @ -}; up to 100). */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Creates a token; empty when the name is taken. */
    public Optional<NewToken> create(String name, Role role, long now) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("not a token name: " + name);
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String value = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return db.transaction(c -> {
            if (!Database.query(c, "SELECT 1 FROM api_tokens WHERE name = ?", r -> 1, name).isEmpty()) {
                return Optional.empty();
            }
            long id = Database.insert(c, "INSERT INTO api_tokens (name, token_hash, role, created_at) VALUES (?, ?, ?, ?)",
                    name, hash(value), role.name(), now);
            return Optional.of(new NewToken(new TokenInfo(id, name, role, now, null), value));
        });
    }

    /** The caller a token stands for, if it is a live token; records when it was last used. */
    public Optional<Caller> authenticate(String value, long now) {
        if (value == null || !value.startsWith(PREFIX) || value.length() > 200) {
            return Optional.empty();
        }
        String hash = hash(value);
        Optional<Caller> caller = db.first("SELECT name, role FROM api_tokens WHERE token_hash = ?",
                r -> new Caller(r.getString(1), Role.valueOf(r.getString(2))), hash);
        caller.ifPresent(c -> db.update("UPDATE api_tokens SET last_used = ? WHERE token_hash = ?", now, hash));
        return caller;
    }

    public List<TokenInfo> list() {
        return db.query("SELECT id, name, role, created_at, last_used FROM api_tokens ORDER BY id",
                r -> new TokenInfo(r.getLong(1), r.getString(2), Role.valueOf(r.getString(3)), r.getLong(4),
                        Database.nullableLong(r, "last_used")));
    }

    /** Deletes the token called {@code name}; {@code false} when there is none. */
    public boolean revoke(String name) {
        return db.update("DELETE FROM api_tokens WHERE name = ?", name) == 1;
    }

    public boolean isEmpty() {
        return db.query("SELECT COUNT(*) FROM api_tokens", r -> r.getLong(1)).get(0) == 0;
    }

    static String hash(String value) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
