package dev.gantry.engine.model;

/**
 * An account connection of an environment and the IAM role its steps assume.
 *
 * @param name the connection's name, or an account id as a string
 * @param role the IAM role name
 */
public record Connection(String name, String role) {
}
