package dev.gantry.server.http;

import dev.gantry.server.auth.Role;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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

    /**
     * The path parameters when {@code path} (as sent: percent-encoded) matches this route's pattern. The path is split
     * at its literal slashes first, then each parameter segment is percent-decoded ({@code feature%2Fx%20y} is
     * {@code feature/x y}; a {@code +} stays a plus), so an encoded slash never splits a parameter. A segment that is
     * not valid percent-encoding matches nothing.
     */
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
                List<String> rest = new ArrayList<>();
                for (String segment : have.subList(i, have.size())) {
                    Optional<String> decoded = decode(segment);
                    if (decoded.isEmpty()) {
                        return Optional.empty();
                    }
                    rest.add(decoded.get());
                }
                params.put(w.substring(1, w.length() - 2), String.join("/", rest));
                return Optional.of(params);
            }
            if (i >= have.size()) {
                return Optional.empty();
            }
            if (w.startsWith("{") && w.endsWith("}")) {
                Optional<String> decoded = decode(have.get(i));
                if (decoded.isEmpty()) {
                    return Optional.empty();
                }
                params.put(w.substring(1, w.length() - 1), decoded.get());
            } else if (!w.equals(have.get(i))) {
                return Optional.empty();
            }
        }
        return want.size() == have.size() ? Optional.of(params) : Optional.empty();
    }

    /** One path segment percent-decoded as UTF-8 ({@code +} is a plus in a path, not a space); empty when broken. */
    static Optional<String> decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return Optional.of(segment);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            int hi = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
            int lo = hi < 0 ? -1 : Character.digit(segment.charAt(i + 2), 16);
            if (lo < 0) {
                return Optional.empty();
            }
            bytes.write(hi * 16 + lo);
            i += 2;
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
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
