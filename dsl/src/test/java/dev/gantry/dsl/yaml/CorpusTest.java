package dev.gantry.dsl.yaml;

import dev.gantry.dsl.LoadedWorkflow;
import dev.gantry.dsl.WorkflowFiles;
import dev.gantry.dsl.corpus.SharedCorpus;
import dev.gantry.dsl.validate.ValidationOptions;
import dev.gantry.engine.diagnostic.Diagnostic;
import dev.gantry.engine.diagnostic.Severity;
import dev.gantry.engine.model.Action;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every real workflow of the shared corpus ({@code ../shared/corpus/codecatalyst-workflows}, next to the
 * repository) loads and validates with no errors, except the files known to be invalid for the service, which fail
 * with exactly the expected diagnostic.
 */
class CorpusTest {
    /** Files the service would reject, with the one error each must produce. */
    private static final Set<String> KNOWN_INVALID = Set.of(
            "coreyalejandro__kiro-hackathon-mad-mall__deploy-prod.yaml");

    private final WorkflowFiles files = new WorkflowFiles(ValidationOptions.DEFAULT);

    static Path corpus() {
        return SharedCorpus.workflows();
    }

    @TestFactory
    Stream<DynamicTest> everyCorpusFileLoadsWithoutErrors() throws IOException {
        Path corpus = corpus();
        List<Path> yamls;
        try (Stream<Path> s = Files.list(corpus)) {
            yamls = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(yamls).hasSizeGreaterThanOrEqualTo(47);
        return yamls.stream().filter(p -> !KNOWN_INVALID.contains(p.getFileName().toString()))
                .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
                    LoadedWorkflow loaded = files.load(p, p.getFileName().toString());
                    List<String> errors = loaded.diagnostics().stream()
                            .filter(d -> d.severity() == Severity.ERROR).map(Diagnostic::format).toList();
                    assertThat(errors).isEmpty();
                    assertThat(loaded.workflow()).isNotNull();
                    assertThat(loaded.workflow().actions()).isNotEmpty();
                }));
    }

    /**
     * {@code Name: Deploy - Prod}: the user guide and the service's schema both allow only letters, digits, '-'
     * and '_' in a workflow name, so the service rejects this file.
     */
    @Test
    void workflowNameWithSpacesIsTheOneCorpusFileTheServiceRejects() {
        Path corpus = corpus();
        Path file = corpus.resolve("coreyalejandro__kiro-hackathon-mad-mall__deploy-prod.yaml");
        LoadedWorkflow loaded = files.load(file, "deploy-prod.yaml");
        List<Diagnostic> errors = loaded.diagnostics().stream().filter(d -> d.severity() == Severity.ERROR).toList();
        assertThat(errors).extracting(Diagnostic::format).containsExactly("deploy-prod.yaml:2:7: error: the workflow "
                + "Name 'Deploy - Prod' may only contain letters, digits, '-' and '_', no spaces [name-pattern]");
    }

    /** Cut corpus files short and drop lines out of them: whatever is left, the loader reports, never throws. */
    @Test
    void neverThrowsOnMangledCorpusFiles() throws IOException {
        Path corpus = corpus();
        YamlWorkflowLoader loader = new YamlWorkflowLoader();
        int variants = 0;
        try (Stream<Path> s = Files.list(corpus)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                List<String> lines = Files.readAllLines(p);
                int step = Math.max(1, lines.size() / 12);
                for (int cut = 1; cut < lines.size(); cut += step) {
                    String truncated = String.join("\n", lines.subList(0, cut));
                    List<String> dropped = new java.util.ArrayList<>(lines);
                    dropped.remove(cut);
                    for (String text : List.of(truncated, String.join("\n", dropped))) {
                        LoadedWorkflow loaded = loader.parse(text, p.getFileName().toString());
                        assertThat(loaded.sourceMap()).isNotNull();
                        variants++;
                    }
                }
            }
        }
        assertThat(variants).isGreaterThan(500);
    }

    @Test
    void theBiggestCorpusFilesKeepEveryAction() {
        Path corpus = corpus();
        LoadedWorkflow loaded = files.load(corpus.resolve("walteh__webauthn__deployment-pipeline.yaml"), "w.yaml");
        assertThat(loaded.workflow().actions()).hasSize(10);
        assertThat(loaded.workflow().actions()).extracting(Action::group).doesNotContainNull();
    }
}
