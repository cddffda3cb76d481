package dev.gantry.web.http;

import dev.gantry.server.auth.Caller;
import dev.gantry.server.auth.Role;
import dev.gantry.web.auth.Sessions;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One page request after routing: path parameters, query, form fields (POST), headers, who is asking and their
 * browser session ({@code null}: not signed in; {@code caller} is then anonymous or {@code null}).
 */
public record PageRequest(String method, String path, Map<String, String> params, Map<String, List<String>> query,
                          Map<String, List<String>> form, Map<String, String> headers, Caller caller,
                          Sessions.Session session) {
    public String param(String name) {
        return params.get(name);
    }

    public Optional<String> query(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() || v.get(0).isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    public Optional<String> form(String name) {
        List<String> v = form.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    public String header(String name) {
        return headers.get(name);
    }

    /** Whether the caller may start, cancel, re-run and approve. */
    public boolean mayRun() {
        return caller != null && !caller.isAnonymous() && caller.role().includes(Role.RUN);
    }

    /** The run id in path parameter {@code id}, or a 404. */
    public long id() {
        try {
            long id = Long.parseLong(param("id"));
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new PageException(404, "There is no run '" + param("id") + "': run ids are positive whole numbers.");
    }

    /** A whole-number query parameter from {@code min} to {@code max}, or the default when absent or unreadable. */
    public long number(String name, long min, long max, long otherwise) {
        try {
            long v = Long.parseLong(query(name).orElse(""));
            return Math.max(min, Math.min(max, v));
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
