package dev.gantry.dsl.validate;

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
}
