package dev.gantry.runners.routing;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Whether a runner can run actions now, as a list of checks (reachable, architecture confirmed, Docker engine
 * reachable, emulator registered, ...). A failed required check makes the runner unusable: actions are not routed
 * to it, and a plan that needs it fails before anything runs.
 *
 * @param checks in the order they were made
 */
public record RunnerHealth(List<Check> checks) {
    public RunnerHealth {
        checks = List.copyOf(checks);
    }

    /** Whether every required check passed. */
    public boolean usable() {
        return checks.stream().allMatch(c -> c.ok() || !c.required());
    }

    /** The failed required checks' details, joined; empty when usable. */
    public String problem() {
        return checks.stream().filter(c -> !c.ok() && c.required()).map(c -> c.name() + ": " + c.detail())
                .collect(Collectors.joining("; "));
    }

    /** One line for people: {@code ok (...)} or the problem. */
    public String summary() {
        if (!usable()) {
            return "unusable: " + problem();
        }
        return "ok (" + checks.stream().map(c -> c.name() + (c.ok() ? " " : " NOT ") + c.detail())
                .collect(Collectors.joining("; ")) + ")";
    }

    /**
     * One check.
     *
     * @param name     what was checked: {@code host}, {@code architecture}, {@code docker}, {@code emulation}, ...
     * @param ok       whether it passed
     * @param required whether the runner is unusable when it fails (else it is for information)
     * @param detail   what was found, or what is wrong and how to fix it
     */
    public record Check(String name, boolean ok, boolean required, String detail) {
        public static Check passed(String name, String detail) {
            return new Check(name, true, true, detail);
        }

        public static Check failed(String name, String detail) {
            return new Check(name, false, true, detail);
        }

        /** A check that does not decide whether the runner is usable. */
        public static Check info(String name, boolean ok, String detail) {
            return new Check(name, ok, false, detail);
        }
    }
}
