package dev.gantry.engine.model;

/**
 * A {@code {Severity, Number}} success criterion: at most {@code number} findings at or above {@code severity}.
 *
 * @param severity CRITICAL, HIGH, MEDIUM, LOW or INFORMATIONAL
 * @param number   the largest count allowed
 */
public record Threshold(String severity, Integer number) {
}
