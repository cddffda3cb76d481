package dev.gantry.server.it;

import dev.gantry.dsl.WorkflowFiles;
import dev.gantry.dsl.validate.ValidationOptions;
import dev.gantry.scm.git.MirrorSettings;
import dev.gantry.scm.git.RepositoryMirror;
import dev.gantry.server.repo.WorkflowCache;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parsed-workflow cache over a real mirror of a real repository: a file is read and validated once per
 * content, a push that changes it brings the new content, and the cache stays within its bounds.
 */
@DisabledIfSystemProperty(named = TestDatabase.PROPERTY, matches = "postgresql",
        disabledReason = "no database here: it runs once, on the H2 run")
class WorkflowCacheTest {
    private static final String BUILD = ".codecatalyst/workflows/build.yaml";
    private static final String DEPLOY = ".codecatalyst/workflows/deploy.yaml";

    @TempDir
    Path tmp;
    private GitFixture git;
    private final WorkflowFiles files = new WorkflowFiles(ValidationOptions.DEFAULT);

    /** A one-action workflow named {@code name}, with no triggers. */
    static String workflow(String name) {
        return """
                Name: %s
                SchemaVersion: "1.0"
                Actions:
                  Only:
                    Identifier: aws/build@v1
                    Configuration:
                      Steps:
                        - Run: "true"
                """.formatted(name);
    }

    @BeforeEach
    void repository() throws Exception {
        git = new GitFixture(tmp);
    }

    private WorkflowCache cache(int entries, long bytes) {
        return new WorkflowCache((path, text) -> files.parse(path, text, path), entries, bytes);
    }

    private RepositoryMirror mirror() throws Exception {
        RepositoryMirror mirror = RepositoryMirror.open(MirrorSettings.of(git.bare.toString(), tmp.resolve("m.git")));
        mirror.fetch();
        return mirror;
    }

    @Test
    void aFileIsReadOncePerContentAndANewCommitBringsWhatChanged() throws Exception {
        String first = git.write(Map.of(BUILD, workflow("Build"), DEPLOY, workflow("Deploy"))).commit("first");
        String second = git.write(Map.of(BUILD, workflow("Build2"))).commit("second");
        git.push("main");
        WorkflowCache cache = cache(WorkflowCache.DEFAULT_MAX_ENTRIES, WorkflowCache.DEFAULT_MAX_BYTES);
        try (RepositoryMirror mirror = mirror()) {
            List<WorkflowCache.Parsed> atFirst = cache.at(mirror, first);
            assertThat(atFirst).extracting(p -> p.loaded().workflow().name()).containsExactly("Build", "Deploy");
            assertThat(cache.reads()).isEqualTo(2);
            assertThat(cache.at(mirror, first).get(0)).isSameAs(atFirst.get(0));
            assertThat(cache.reads()).isEqualTo(2);

            // the next commit changed build.yaml only: that one is read again, deploy.yaml is the same blob
            List<WorkflowCache.Parsed> atSecond = cache.at(mirror, second);
            assertThat(atSecond).extracting(p -> p.loaded().workflow().name()).containsExactly("Build2", "Deploy");
            assertThat(atSecond.get(0).file().text()).contains("Name: Build2");
            assertThat(atSecond.get(1)).isSameAs(atFirst.get(1));
            assertThat(cache.reads()).isEqualTo(3);
            assertThat(cache.file(mirror, second, DEPLOY)).hasValueSatisfying(p -> assertThat(p).isSameAs(atFirst.get(1)));
            assertThat(cache.file(mirror, second, ".codecatalyst/workflows/none.yaml")).isEmpty();
        }
    }

    @Test
    void theCacheKeepsAtMostItsEntriesAndBytesDroppingTheLeastRecentlyUsed() throws Exception {
        String first = git.write(Map.of(BUILD, workflow("Build"), DEPLOY, workflow("Deploy"))).commit("first");
        String second = git.write(Map.of(BUILD, workflow("Build2"))).commit("second");
        git.push("main");
        try (RepositoryMirror mirror = mirror()) {
            WorkflowCache byEntries = cache(2, WorkflowCache.DEFAULT_MAX_BYTES);
            byEntries.at(mirror, first);
            byEntries.at(mirror, second); // build.yaml of the second commit pushes out build.yaml of the first
            assertThat(byEntries.size()).isEqualTo(2);
            assertThat(byEntries.reads()).isEqualTo(3);
            byEntries.at(mirror, first);
            assertThat(byEntries.reads()).isEqualTo(4);
            assertThat(byEntries.size()).isEqualTo(2);

            long one = workflow("Build").length();
            WorkflowCache byBytes = cache(100, one + 1);
            byBytes.at(mirror, first);
            assertThat(byBytes.size()).isEqualTo(1);
            assertThat(byBytes.bytes()).isLessThanOrEqualTo(one + 1);
        }
    }
}
