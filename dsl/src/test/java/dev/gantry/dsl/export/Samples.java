package dev.gantry.dsl.export;

import dev.gantry.dsl.corpus.SharedCorpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The workflow files round trips are tested on: every file of the shared corpus, and the reference workflow. */
public final class Samples {
    private Samples() {
    }

    /** The reference workflow, copied unmodified into {@code examples/hello-world-multiarch}. */
    public static Path seed() {
        return above("examples/hello-world-multiarch/.codecatalyst/workflows/multiarch.yaml");
    }

    /** Every {@code .yaml} of the {@link SharedCorpus} and the seed; the test is skipped when the corpus is absent. */
    public static List<Path> all() {
        List<Path> files = new ArrayList<>();
        Path corpus = SharedCorpus.workflows();
        try (Stream<Path> s = Files.list(corpus)) {
            s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (files.size() < 47) {
            throw new AssertionError("expected the 47 corpus files in " + corpus + ", found " + files.size());
        }
        files.add(seed());
        return files;
    }

    private static Path above(String relative) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(relative + " not found above " + Path.of("").toAbsolutePath());
    }
}
