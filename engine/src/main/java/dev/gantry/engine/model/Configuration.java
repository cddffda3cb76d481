package dev.gantry.engine.model;

import java.util.List;
import java.util.Map;

/**
 * An action's {@code Configuration}.
 *
 * <p>Build and test actions use {@code steps} and {@code container}. Every other key (all of a deploy action's
 * settings, {@code Packages}, a GitHub action's step objects) is kept as written in {@code properties}, as plain
 * values: {@code String}, {@code Number}, {@code Boolean}, {@code List} and {@code Map} (insertion-ordered), so
 * that nothing is lost on export.
 *
 * @param steps      {@code Steps} of a build or test action; empty otherwise
 * @param container  {@code Container}, or {@code null}
 * @param properties all other keys, in file order
 */
public record Configuration(List<Step> steps, Container container, Map<String, Object> properties) {
    /** No configuration at all. */
    public static final Configuration NONE = new Configuration(List.of(), null, Map.of());

    public Configuration {
        steps = List.copyOf(steps);
        properties = Collections2.orderedCopy(properties);
    }
}
