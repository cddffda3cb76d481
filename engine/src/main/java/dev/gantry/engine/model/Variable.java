package dev.gantry.engine.model;

/**
 * A {@code Name}/{@code Value} pair of {@code Inputs.Variables}.
 *
 * @param name  the variable's name, exposed to steps as an environment variable
 * @param value the value as written; may contain {@code ${...}} references
 */
public record Variable(String name, String value) {
}
