package dev.gantry.server.http;

import java.util.List;

/**
 * A request the server refuses, with the HTTP status, a short machine-readable code and a reason for people; sent
 * as {@code {"error": {"status": 404, "code": "not-found", "reason": "..."}}}. {@code details} carries structured
 * extras (e.g. a workflow's diagnostics).
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final List<?> details;

    public ApiException(int status, String code, String reason) {
        this(status, code, reason, List.of());
    }

    public ApiException(int status, String code, String reason, List<?> details) {
        super(reason, null, false, false);
        this.status = status;
        this.code = code;
        this.details = List.copyOf(details);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<?> details() {
        return details;
    }

    public static ApiException badRequest(String reason) {
        return new ApiException(400, "bad-request", reason);
    }

    public static ApiException notFound(String reason) {
        return new ApiException(404, "not-found", reason);
    }

    public static ApiException conflict(String reason) {
        return new ApiException(409, "conflict", reason);
    }
}
