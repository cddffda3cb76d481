package dev.gantry.dsl.validate;

import dev.gantry.engine.config.GantryConfig;

import java.util.HashSet;
import java.util.Set;

/**
 * What the validator knows beyond the file itself.
 *
 * @param knownFleets provisioned fleet names that a runner configuration says exist (an unknown fleet name is a
 *                    warning unless listed here)
 */
public record ValidationOptions(Set<String> knownFleets) {
    public static final ValidationOptions DEFAULT = new ValidationOptions(Set.of());

    public ValidationOptions {
        knownFleets = Set.copyOf(knownFleets);
    }

    /** What a Gantry configuration tells the validator: the fleets its runners serve. */
    public static ValidationOptions of(GantryConfig config) {
        Set<String> fleets = new HashSet<>();
        config.runners().forEach(r -> fleets.addAll(r.fleets()));
        return new ValidationOptions(fleets);
    }
}
