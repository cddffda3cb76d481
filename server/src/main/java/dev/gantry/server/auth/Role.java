package dev.gantry.server.auth;

import java.util.Locale;
import java.util.Optional;

/** What an API token may do; each role includes the ones before it. */
public enum Role {
    /** See repositories, workflows, runs, logs, artifacts. */
    READ,
    /** Also start, cancel and re-run runs, approve or reject gates. */
    RUN,
    /** Also manage API tokens. */
    ADMIN;

    /** Whether this role may do what {@code needed} may. */
    public boolean includes(Role needed) {
        return compareTo(needed) >= 0;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String text) {
        for (Role r : values()) {
            if (r.label().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
