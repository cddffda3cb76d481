package dev.gantry.runners.shell;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The shell an action's steps run in, where the transport put them: {@code bash} (the {@link BashDriver}, every
 * step semantic of {@code docs/run.md}), or, in an image that has no bash, POSIX {@code /bin/sh} (the
 * {@link PosixDriver}: the same markers, outputs file and process sweep, with the limits that driver lists).
 */
public enum StepShell {
    /** bash 4.4+: the full step semantics. */
    BASH,
    /** A POSIX {@code /bin/sh} (dash, BusyBox ash): for images without bash. */
    POSIX;

    /** The command that starts the shell and makes it read its program from stdin; no secret in it. */
    public List<String> command(String cookie) {
        return this == BASH ? BashDriver.command(cookie) : PosixDriver.command(cookie);
    }

    /** The program to write on the shell's stdin; see {@link BashDriver#program} for the parameters. */
    public String program(String scratch, String workingDirectory, Map<String, String> environment,
                          List<String> steps, List<String> outputVariables, String nonce, String cookie,
                          boolean cgroups) {
        return this == BASH
                ? BashDriver.program(scratch, workingDirectory, environment, steps, outputVariables, nonce, cookie,
                cgroups)
                : PosixDriver.program(scratch, workingDirectory, environment, steps, outputVariables, nonce, cookie);
    }

    /** The script that ends what the action started (see {@link ProcessSweep}), in this shell's language. */
    public String sweep(String cookie, String cgroup, Duration grace, String then) {
        return this == BASH ? ProcessSweep.script(cookie, cgroup, grace, then)
                : ProcessSweep.posixScript(cookie, grace, then);
    }

    /** The interpreter's name on the place's {@code PATH}: {@code bash} or {@code sh}. */
    public String executable() {
        return this == BASH ? "bash" : "sh";
    }
}
