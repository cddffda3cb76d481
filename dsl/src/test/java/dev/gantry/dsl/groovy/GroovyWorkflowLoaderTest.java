package dev.gantry.dsl.groovy;

import dev.gantry.dsl.LoadedWorkflow;
import dev.gantry.dsl.export.SeedModel;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class GroovyWorkflowLoaderTest {
    private final GroovyWorkflowLoader loader = new GroovyWorkflowLoader();

    @Test
    void theMultiarchExampleBuildsTheSeedModel() {
        LoadedWorkflow loaded = loader.load(Path.of("../examples/dsl-multiarch/.gantry/workflows/multiarch.groovy"),
                "multiarch.groovy");
        assertThat(loaded.diagnostics()).isEmpty();
        assertThat(loaded.workflow()).isEqualTo(SeedModel.workflow());
    }
}
