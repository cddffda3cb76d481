package dev.gantry.scm.webhook;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A webhook delivery as the HTTP server received it: its headers (names compared without case) and its body bytes,
 * exactly as sent (signatures are computed over these bytes).
 *
 * @param headers the request headers; one value each (the first, when a header came more than once)
 * @param body    the raw body
 */
public record WebhookRequest(Map<String, String> headers, byte[] body) {
    public WebhookRequest {
        TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        headers = java.util.Collections.unmodifiableMap(copy);
        body = body.clone();
    }

    /** The header's value, if it was sent (any case). */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name)).map(String::trim);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body's length, without copying it. */
    int length() {
        return body.length;
    }

    /** The body itself, for this package's readers (never handed out). */
    byte[] bytes() {
        return body;
    }
}
