package dev.gantry.dsl.validate;

import dev.gantry.dsl.LoadedWorkflow;
import dev.gantry.dsl.WorkflowFiles;
import dev.gantry.dsl.corpus.SharedCorpus;
import dev.gantry.engine.diagnostic.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The validator runs on whatever model a loader could build from a broken file: every corpus file with lines cut
 * out (a fixed sample) must give diagnostics, never an {@code internal-error} (an exception in a rule).
 */
class ValidatorRobustnessTest {
    @TempDir
    Path dir;

    @Test
    void brokenCorpusFilesNeverCrashARule() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(SharedCorpus.workflows())) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(47);
        WorkflowFiles loader = new WorkflowFiles(ValidationOptions.DEFAULT);
        Random random = new Random(42);
        List<String> crashes = new ArrayList<>();
        int loads = 0;
        for (Path f : files) {
            List<String> lines = Files.readAllLines(f);
            for (int sample = 0; sample < 5 && lines.size() > 3; sample++) {
                List<String> cut = new ArrayList<>(lines);
                int from = random.nextInt(cut.size());
                int count = 1 + random.nextInt(3);
                for (int i = 0; i < count && from < cut.size(); i++) {
                    cut.remove(from);
                }
                Path broken = dir.resolve("broken.yaml");
                Files.write(broken, cut);
                LoadedWorkflow loaded = loader.load(broken, f.getFileName() + "-" + from + "+" + count);
                loads++;
                for (Diagnostic d : loaded.diagnostics()) {
                    if (d.rule().equals("internal-error")) {
                        crashes.add(d.format());
                    }
                }
            }
        }
        assertThat(loads).isGreaterThan(200);
        assertThat(crashes).isEmpty();
    }
}
