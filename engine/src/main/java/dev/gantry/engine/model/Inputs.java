package dev.gantry.engine.model;

import java.util.List;

/**
 * An action's {@code Inputs}.
 *
 * @param sources   {@code Sources} labels (only {@code WorkflowSource} exists)
 * @param artifacts {@code Artifacts}: names of other actions' output artifacts
 * @param variables {@code Variables}, in file order
 */
public record Inputs(List<String> sources, List<String> artifacts, List<Variable> variables) {
    /** No inputs at all. */
    public static final Inputs NONE = new Inputs(List.of(), List.of(), List.of());

    public Inputs {
        sources = List.copyOf(sources);
        artifacts = List.copyOf(artifacts);
        variables = List.copyOf(variables);
    }
}
