package dev.gantry.engine.model;

import java.util.List;
import java.util.Map;

/**
 * An action's {@code Outputs}.
 *
 * @param artifacts    {@code Artifacts}
 * @param variables    {@code Variables}: names of variables whose final values the action exports
 * @param autoDiscover {@code AutoDiscoverReports}, or {@code null}
 * @param reports      {@code Reports} keyed by name, in file order
 */
public record Outputs(List<OutputArtifact> artifacts, List<String> variables, AutoDiscoverReports autoDiscover,
                      Map<String, Report> reports) {
    /** No outputs at all. */
    public static final Outputs NONE = new Outputs(List.of(), List.of(), null, Map.of());

    public Outputs {
        artifacts = List.copyOf(artifacts);
        variables = List.copyOf(variables);
        reports = Collections2.orderedCopy(reports);
    }
}
