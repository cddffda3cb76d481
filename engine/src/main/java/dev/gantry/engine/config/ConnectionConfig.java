package dev.gantry.engine.config;

/**
 * The AWS account behind one account connection of a workflow environment ({@code Environment.Connections[].Name}).
 *
 * @param name      the connection's name as the workflow writes it
 * @param accountId the 12-digit AWS account id whose role the connection's actions assume
 * @param origin    where it was configured
 */
public record ConnectionConfig(String name, String accountId, ConfigOrigin origin) {
}
