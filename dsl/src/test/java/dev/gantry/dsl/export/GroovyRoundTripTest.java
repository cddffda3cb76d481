package dev.gantry.dsl.export;

import dev.gantry.dsl.LoadedWorkflow;
import dev.gantry.dsl.groovy.GroovyWorkflowLoader;
import dev.gantry.dsl.yaml.YamlWorkflowLoader;
import dev.gantry.engine.diagnostic.Diagnostic;
import dev.gantry.engine.diagnostic.Severity;
import dev.gantry.engine.model.Workflow;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code gantry convert}'s promise: YAML file -> model -> Groovy DSL text -> Groovy loader -> an equal model, for
 * every corpus file and the seed; and the DSL text has no errors where the YAML had none.
 */
class GroovyRoundTripTest {
    private final YamlWorkflowLoader yaml = new YamlWorkflowLoader();
    private final GroovyWorkflowLoader groovy = new GroovyWorkflowLoader();
    private final WorkflowGroovyWriter writer = new WorkflowGroovyWriter();

    /** One file's trip: the YAML model, the DSL text written from it, and what the Groovy loader made of that. */
    private record Trip(java.nio.file.Path file, LoadedWorkflow original, String dsl, LoadedWorkflow loaded) {
    }

    @TestFactory
    Stream<DynamicTest> convertingToGroovyAndLoadingGivesAnEqualModel() {
        // compiling Groovy dominates; loads are independent, so they run on every core, then each file is a test
        List<Trip> trips = Samples.all().parallelStream().map(p -> {
            LoadedWorkflow original = yaml.load(p, p.getFileName().toString());
            String dsl = writer.write(original.workflow(), List.of("converted from " + p.getFileName()));
            return new Trip(p, original, dsl, groovy.load(dsl, "converted.groovy"));
        }).toList();
        return trips.stream().map(t -> DynamicTest.dynamicTest(t.file().getFileName().toString(), () -> {
            LoadedWorkflow original = t.original();
            String dsl = t.dsl();
            LoadedWorkflow loaded = t.loaded();
            assertThat(compileAndRuntimeProblems(loaded)).as(dsl).isEmpty();
            assertThat(loaded.workflow()).as(dsl).isEqualTo(original.workflow());
            if (errors(original).isEmpty()) {
                assertThat(errors(loaded)).as(dsl).isEmpty();
            }
        }));
    }

    @Test
    void theSeedReadsLikeHandWrittenDsl() {
        Workflow seed = yaml.load(Samples.seed(), "multiarch.yaml").workflow();
        String dsl = writer.write(seed, List.of());
        assertThat(dsl).startsWith("""
                workflow('multiarch') {
                    trigger push(branches: ['main'])

                    action('docker_build_amd64') {
                        identifier 'aws/build@v1'
                        compute type: 'EC2'
                        environment('demo') {
                            connection name: 'development', role: 'CodeCatalystPreviewDevelopmentAdministrator'
                        }
                        inputs {
                            sources 'WorkflowSource'
                            variable 'AWS_DEFAULT_REGION', 'us-west-2'
                """);
        assertThat(dsl).contains("""
                            steps {
                                sh 'AWS_ACCOUNT_ID=`aws sts get-caller-identity --query "Account" --output text`'
                """);
    }

    @Test
    void awkwardStringsAndValuesSurvive() {
        String tricky = "it's a ''' test \\ with $HOME and ${Build.X}\n\tand a tab\nends with '";
        Map<String, Object> props = new java.util.LinkedHashMap<>();
        props.put("task-definition", tricky);
        props.put("class", List.of(1, 12345678901L, 1.5, true, Map.of()));
        props.put("nested", Map.of("a b", List.of(Map.of("x", "y"))));
        Workflow w = new Workflow("w", "1.0", null, null, List.of(), List.of(
                new dev.gantry.engine.model.Action("A", null, "aws/build@v1", List.of(), null, null, null, Map.of(),
                        dev.gantry.engine.model.Inputs.NONE, dev.gantry.engine.model.Outputs.NONE,
                        new dev.gantry.engine.model.Configuration(List.of(new dev.gantry.engine.model.Step(tricky),
                                new dev.gantry.engine.model.Step("'")), null, Map.of())),
                new dev.gantry.engine.model.Action("B", null, "aws/cfn-deploy@v1", List.of(), null, null, null,
                        Map.of(), dev.gantry.engine.model.Inputs.NONE, dev.gantry.engine.model.Outputs.NONE,
                        new dev.gantry.engine.model.Configuration(List.of(), null, props))));
        String dsl = writer.write(w, List.of());
        LoadedWorkflow loaded = groovy.load(dsl, "w.groovy");
        assertThat(compileAndRuntimeProblems(loaded)).as(dsl).isEmpty();
        assertThat(loaded.workflow()).as(dsl).isEqualTo(w);
    }

    private static List<String> compileAndRuntimeProblems(LoadedWorkflow w) {
        return w.diagnostics().stream().filter(d -> d.rule().startsWith("groovy-")).map(Diagnostic::format).toList();
    }

    private static List<String> errors(LoadedWorkflow w) {
        return w.diagnostics().stream().filter(d -> d.severity() == Severity.ERROR).map(Diagnostic::format).toList();
    }
}
