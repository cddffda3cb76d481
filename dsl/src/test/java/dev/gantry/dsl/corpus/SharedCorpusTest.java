package dev.gantry.dsl.corpus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The one rule for where the shared corpus is, as DEVELOPERS.md states it (property, variable, folder above). */
class SharedCorpusTest {
    @TempDir
    Path dir;

    private Path find(Map<String, String> properties, Map<String, String> env, Path start) {
        return SharedCorpus.find(properties::get, env::get, start);
    }

    @Test
    void thePropertyWinsThenTheVariable() throws Exception {
        Path byProperty = Files.createDirectories(dir.resolve("a"));
        Path byVariable = Files.createDirectories(dir.resolve("b"));
        assertThat(find(Map.of("gantry.corpus", byProperty.toString()), Map.of("GANTRY_CORPUS",
                byVariable.toString()), dir)).isEqualTo(byProperty);
        assertThat(find(Map.of(), Map.of("GANTRY_CORPUS", byVariable.toString()), dir)).isEqualTo(byVariable);
    }

    @Test
    void withNeitherTheFolderIsLookedForBesideTheWorkingDirectoryAndItsParents() throws Exception {
        Path corpus = Files.createDirectories(dir.resolve("ci/shared/corpus/codecatalyst-workflows"));
        Path module = Files.createDirectories(dir.resolve("ci/checkout/cli"));
        assertThat(find(Map.of(), Map.of(), module)).isEqualTo(corpus);
        assertThat(find(Map.of(), Map.of(), Files.createDirectories(dir.resolve("plain-clone/cli")))).isNull();
    }

    @Test
    void aGivenFolderThatIsNotThereMeansNoCorpusNotASearch() throws Exception {
        Files.createDirectories(dir.resolve("shared/corpus/codecatalyst-workflows"));
        assertThat(find(Map.of(), Map.of("GANTRY_CORPUS", dir.resolve("nowhere").toString()), dir)).isNull();
        assertThat(find(Map.of("gantry.corpus", dir.resolve("nowhere").toString()), Map.of(), dir)).isNull();
    }
}
