package dev.gantry.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.server.auth.Caller;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One API request after routing: path parameters, query, headers, the body (already bounded in size) and who sent
 * it. Accessors turn bad input into {@link ApiException}s with a reason. {@code headers} compare names without case
 * (one value each: the first).
 */
public record ApiRequest(String method, String path, Map<String, String> pathParams,
                         Map<String, List<String>> query, Map<String, String> headers, byte[] body,
                         Caller caller) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A path parameter by name (the router guarantees it exists). */
    public String param(String name) {
        return pathParams.get(name);
    }

    /** A path parameter that must be a positive whole number (a run id). */
    public long idParam(String name) {
        String text = param(name);
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiException.notFound("no " + name + " '" + text + "': ids are positive whole numbers");
    }

    /** The first value of a query parameter. */
    public Optional<String> queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** A whole-number query parameter from {@code min} to {@code max}. */
    public Optional<Long> longParam(String name, long min, long max) {
        return queryParam(name).map(text -> {
            try {
                long v = Long.parseLong(text);
                if (v >= min && v <= max) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw ApiException.badRequest("query parameter " + name + " must be a whole number from " + min + " to "
                    + max + ", not '" + text + "'");
        });
    }

    /** A header's value, or {@code null}. */
    public String header(String name) {
        return headers.get(name);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as a JSON object (empty body: an empty object). */
    public JsonNode json() {
        if (body.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("the body must be a JSON object");
            }
            return node;
        } catch (java.io.IOException e) {
            if (!(e instanceof JsonProcessingException j)) {
                throw ApiException.badRequest("the body is not valid JSON");
            }
            throw new ApiException(400, "malformed-json", "the body is not valid JSON: "
                    + j.getOriginalMessage() + (j.getLocation() == null ? "" : " (line "
                    + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() + ")"));
        }
    }
}
