package dev.gantry.dsl;

import dev.gantry.dsl.validate.ValidationOptions;

import java.nio.file.Path;

/**
 * The one way to read a workflow file for lint, plan and run: picks the loader by extension ({@code .yaml},
 * {@code .yml}: CodeCatalyst YAML; {@code .groovy}: the Groovy DSL), then runs the validator.
 */
public final class WorkflowFiles {
    private final ValidationOptions options;

    public WorkflowFiles(ValidationOptions options) {
        this.options = options;
    }

    /**
     * Loads and validates {@code file}; {@code displayName} is how diagnostics name it.
     * Never throws for a bad file: problems come back as diagnostics.
     */
    public LoadedWorkflow load(Path file, String displayName) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public ValidationOptions options() {
        return options;
    }
}
