package dev.gantry.server.auth;

/** Who made an API request: a token's name and role, or {@link #ANONYMOUS} (read only, when switched on). */
public record Caller(String name, Role role) {
    public static final Caller ANONYMOUS = new Caller("anonymous", Role.READ);

    public boolean isAnonymous() {
        return this == ANONYMOUS;
    }
}
