package dev.gantry.dsl.corpus;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real public workflow files of {@code ../shared/corpus/codecatalyst-workflows}, next to the repository in CI but
 * not in a contributor's clone. Tests over it run when it is there and are reported as skipped, with the reason,
 * when it is not. {@code -Dgantry.corpus=FOLDER} points at another copy (or nowhere, to check the skipping).
 */
public final class SharedCorpus {
    /** The system property that overrides where the corpus is. */
    public static final String PROPERTY = "gantry.corpus";

    private SharedCorpus() {
    }

    /** The corpus folder; the calling test is skipped (a JUnit assumption, with the reason) when it is absent. */
    public static Path workflows() {
        Path found = find();
        assumeTrue(found != null, () -> "skipped: the shared corpus of workflow files is not here (looked for "
                + (System.getProperty(PROPERTY) != null ? System.getProperty(PROPERTY)
                : "shared/corpus/codecatalyst-workflows above " + Path.of("").toAbsolutePath())
                + "; CI has it, or set -D" + PROPERTY + "=FOLDER)");
        return found;
    }

    /** The corpus folder, or {@code null} when it is absent (for tests that merely use it when it is there). */
    public static Path find() {
        String given = System.getProperty(PROPERTY);
        if (given != null && !given.isBlank()) {
            Path p = Path.of(given);
            return Files.isDirectory(p) ? p : null;
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/corpus/codecatalyst-workflows");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
