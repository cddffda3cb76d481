package dev.gantry.engine.run;

import java.util.Set;

/**
 * What a runner offers, for routing actions to it.
 *
 * @param architecture {@code amd64} or {@code arm64}
 * @param fleets       the fleet names it serves (on-demand names such as {@code Linux.x86-64.Large}, or provisioned
 *                     fleet names); empty means "any fleet of its architecture"
 * @param tags         free-form tags
 */
public record RunnerLabels(String architecture, Set<String> fleets, Set<String> tags) {
    public RunnerLabels {
        fleets = Set.copyOf(fleets);
        tags = Set.copyOf(tags);
    }

    /** Labels with just an architecture. */
    public static RunnerLabels of(String architecture) {
        return new RunnerLabels(architecture, Set.of(), Set.of());
    }
}
