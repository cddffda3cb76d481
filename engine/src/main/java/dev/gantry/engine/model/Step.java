package dev.gantry.engine.model;

/**
 * One {@code Configuration.Steps} entry of a build or test action.
 *
 * @param run the shell text of {@code Run}, exactly as YAML gives it (block scalars keep their newlines)
 */
public record Step(String run) {
}
