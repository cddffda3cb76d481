package dev.gantry.actions.aws;

/**
 * How long an assumed-role session lasts: long enough to cover the action's {@code Timeout}, within what STS
 * allows (at least 15 minutes, at most 12 hours; a role's own maximum may be lower, see {@link RoleAssumption}).
 */
public final class SessionDuration {
    /** STS's minimum {@code DurationSeconds}. */
    public static final int MIN_SECONDS = 900;
    /** STS's maximum {@code DurationSeconds} (a role's {@code MaxSessionDuration} can be at most this). */
    public static final int MAX_SECONDS = 43_200;
    /** The fallback when a role's maximum is lower than asked: 1 hour, the default {@code MaxSessionDuration}. */
    public static final int DEFAULT_ROLE_MAX_SECONDS = 3_600;
    /** The service's default and maximum timeout of build and test actions, in minutes. */
    public static final int DEFAULT_TIMEOUT_MINUTES = 480;
    /** Extra time for what happens around the steps (workspace, artifacts, caches). */
    private static final int MARGIN_SECONDS = 300;

    private SessionDuration() {
    }

    /** Seconds covering an action whose {@code Timeout} is {@code timeoutMinutes} ({@code null}: the default). */
    public static int covering(Integer timeoutMinutes) {
        long minutes = timeoutMinutes == null || timeoutMinutes <= 0 ? DEFAULT_TIMEOUT_MINUTES : timeoutMinutes;
        long seconds = minutes * 60 + MARGIN_SECONDS;
        return (int) Math.max(MIN_SECONDS, Math.min(MAX_SECONDS, seconds));
    }
}
