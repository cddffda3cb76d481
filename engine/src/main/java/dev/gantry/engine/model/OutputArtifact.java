package dev.gantry.engine.model;

import java.util.List;

/**
 * One {@code Outputs.Artifacts} entry.
 *
 * @param name  the artifact's name, unique in the workflow
 * @param files glob patterns relative to the action's primary input ({@code **} crosses folders)
 */
public record OutputArtifact(String name, List<String> files) {
    public OutputArtifact {
        files = List.copyOf(files);
    }
}
