package dev.gantry.dsl.export;

import dev.gantry.dsl.LoadedWorkflow;
import dev.gantry.dsl.yaml.YamlWorkflowLoader;
import dev.gantry.engine.diagnostic.Diagnostic;
import dev.gantry.engine.diagnostic.Severity;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** YAML file -> model -> exported YAML -> model: the two models are equal, for every corpus file and the seed. */
class YamlRoundTripTest {
    private final YamlWorkflowLoader loader = new YamlWorkflowLoader();
    private final WorkflowYamlWriter writer = new WorkflowYamlWriter();

    @TestFactory
    Stream<DynamicTest> exportingAndReloadingGivesAnEqualModel() {
        return Samples.all().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            LoadedWorkflow original = loader.load(p, p.getFileName().toString());
            assertThat(original.workflow()).as("the original loads into a model").isNotNull();
            String yaml = writer.write(original.workflow());
            LoadedWorkflow reloaded = loader.parse(yaml, "exported.yaml");
            assertThat(reloaded.workflow()).as(yaml).isEqualTo(original.workflow());
            if (errors(original).isEmpty()) {
                assertThat(errors(reloaded)).as(yaml).isEmpty();
            }
            assertThat(writer.write(reloaded.workflow())).as("exporting is stable").isEqualTo(yaml);
        }));
    }

    @Test
    void theSeedModelIsWhatTheLoaderReads() {
        assertThat(loader.load(Samples.seed(), "multiarch.yaml").workflow()).isEqualTo(SeedModel.workflow());
    }

    private static List<String> errors(LoadedWorkflow w) {
        return w.diagnostics().stream().filter(d -> d.severity() == Severity.ERROR).map(Diagnostic::format).toList();
    }
}
