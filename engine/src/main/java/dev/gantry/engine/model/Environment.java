package dev.gantry.engine.model;

import java.util.List;

/**
 * An action's {@code Environment}: a named CodeCatalyst environment and its account connections.
 *
 * @param name        {@code Environment.Name}
 * @param connections {@code Connections} (the service allows at most one)
 */
public record Environment(String name, List<Connection> connections) {
    public Environment {
        connections = List.copyOf(connections);
    }
}
