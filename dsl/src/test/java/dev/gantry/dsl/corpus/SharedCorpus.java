package dev.gantry.dsl.corpus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Where the real public workflow files of {@code ../shared/corpus/codecatalyst-workflows} are, for the tests of
 * every module (dsl's own; cli's through this module's test-jar). The one rule, stated in DEVELOPERS.md: the system
 * property {@value #PROPERTY} ({@code mvn -Dgantry.corpus=FOLDER}), else the environment variable {@value #VARIABLE},
 * else {@value #FOLDER} beside the working directory or one of its parents (a checkout with {@code shared/} next to
 * it, as in CI). A folder given by either name that is not there means no corpus (use it to check the skipping).
 * With no corpus (a contributor's plain clone) the tests over it are skipped, each saying why.
 */
public final class SharedCorpus {
    /** The system property naming the corpus folder. */
    public static final String PROPERTY = "gantry.corpus";
    /** The environment variable naming the corpus folder (also read by {@code bench/validate-corpus.sh}). */
    public static final String VARIABLE = "GANTRY_CORPUS";
    /** The corpus folder, relative to the folder {@code shared/} is in. */
    public static final String FOLDER = "shared/corpus/codecatalyst-workflows";

    private SharedCorpus() {
    }

    /** The corpus folder; the calling test is skipped (a JUnit assumption, with the reason) when it is absent. */
    public static Path workflows() {
        Path found = find();
        assumeTrue(found != null, () -> "skipped: the shared corpus of workflow files is not here (" + lookedIn()
                + "; CI has it, or set -D" + PROPERTY + "=FOLDER or " + VARIABLE + "=FOLDER)");
        return found;
    }

    /** The corpus file {@code name}; the calling test is skipped, saying why, when the corpus or the file is absent. */
    public static Path file(String name) {
        Path file = workflows().resolve(name);
        assumeTrue(Files.isRegularFile(file), () -> "skipped: the shared corpus has no " + name + " (in "
                + file.getParent() + ")");
        return file;
    }

    /** The corpus folder, or {@code null} when it is absent (for tests that merely use it when it is there). */
    public static Path find() {
        return find(System::getProperty, System::getenv, Path.of("").toAbsolutePath());
    }

    /** The rule, over the given system properties, environment and working directory. */
    static Path find(UnaryOperator<String> properties, UnaryOperator<String> environment, Path start) {
        String given = given(properties, environment);
        if (given != null) {
            Path p = Path.of(given);
            return Files.isDirectory(p) ? p : null;
        }
        for (Path p = start; p != null; p = p.getParent()) {
            Path candidate = p.resolve(FOLDER);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static String given(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        for (String value : new String[] {properties.apply(PROPERTY), environment.apply(VARIABLE)}) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private static String lookedIn() {
        String given = given(System::getProperty, System::getenv);
        return given != null ? "looked for " + given : "looked for " + FOLDER + " above " + Path.of("")
                .toAbsolutePath();
    }
}
