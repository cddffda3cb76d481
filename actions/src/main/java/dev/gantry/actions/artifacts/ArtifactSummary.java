package dev.gantry.actions.artifacts;

import java.util.List;

/**
 * What an artifact holds.
 *
 * @param name      the artifact's name
 * @param files     how many files
 * @param bytes     their total size
 * @param unmatched patterns of {@code Files} that selected nothing when it was collected (empty when listed later)
 */
public record ArtifactSummary(String name, long files, long bytes, List<String> unmatched) {
    public ArtifactSummary {
        unmatched = List.copyOf(unmatched);
    }
}
