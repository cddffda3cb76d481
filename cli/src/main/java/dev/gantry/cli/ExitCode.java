package dev.gantry.cli;

import dev.gantry.engine.run.RunStatus;
import dev.gantry.service.RunResult;

/**
 * Gantry's process exit codes: the one list (the README's table says the same). Commands return
 * {@code ExitCode.X.code()} or throw a {@link CommandFailure}; {@link GantryCommand#configure} maps every exception
 * and {@link Error} to {@link #INTERNAL} in one place.
 */
public enum ExitCode {
    /** No errors (warnings allowed); every action succeeded. */
    OK(0),
    /** What the command checked failed: errors found, an action failed, an identity or runner unusable. */
    FAILED(1),
    /** A usage error, an unreadable path, a bad {@code gantry.yaml}, a request that cannot run. */
    USAGE(2),
    /** The workflow given to {@code run}, {@code graph} or {@code list} is invalid (nothing was run). */
    INVALID_WORKFLOW(3),
    /** An unexpected failure inside Gantry (a bug): one line, no stack trace unless {@code GANTRY_DEBUG=1}. */
    INTERNAL(70),
    /** Interrupted (Ctrl-C, SIGTERM): every step process was ended. */
    INTERRUPTED(130);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** How a finished run exits. */
    public static ExitCode of(RunStatus status) {
        return switch (status) {
            case SUCCEEDED -> OK;
            case FAILED -> FAILED;
            case INTERRUPTED -> INTERRUPTED;
        };
    }

    /** How a requested run exits, whether or not it ran. */
    public static ExitCode of(RunResult.Outcome outcome) {
        return switch (outcome) {
            case SUCCEEDED -> OK;
            case FAILED -> FAILED;
            case INTERRUPTED -> INTERRUPTED;
            case INVALID_WORKFLOW -> INVALID_WORKFLOW;
            case REFUSED -> USAGE;
        };
    }
}
