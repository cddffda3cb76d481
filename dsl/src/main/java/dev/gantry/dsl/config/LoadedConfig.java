package dev.gantry.dsl.config;

import dev.gantry.engine.config.GantryConfig;
import dev.gantry.engine.diagnostic.Diagnostic;
import dev.gantry.engine.diagnostic.Severity;

import java.util.List;

/**
 * What the configuration loader made of one or more Gantry configuration files: the combined configuration and
 * every diagnostic ({@code gantry.yaml:line:col: error: ... [config-...]}).
 *
 * @param config      the configuration read; entries with errors are left out, so check {@link #hasErrors()}
 * @param files       the files read, as the diagnostics name them, in the order they were applied
 * @param diagnostics sorted by file order, then position
 */
public record LoadedConfig(GantryConfig config, List<String> files, List<Diagnostic> diagnostics) {
    public LoadedConfig {
        files = List.copyOf(files);
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(d -> d.severity() == Severity.ERROR);
    }
}
