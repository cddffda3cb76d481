package dev.gantry.cli.run;

import dev.gantry.dsl.corpus.SharedCorpus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static dev.gantry.cli.run.RunTestSupport.repo;
import static dev.gantry.cli.run.RunTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Artifacts, file caches and reports through a real {@code gantry run} on real bash: files passed between actions,
 * caches restored on a second run and never saved by a failing action, path escapes refused, and a real JUnit XML
 * written by a real JUnit run in a step failing its action on {@code PassRate}.
 */
class ArtifactsCachesReportsRunTest {
    /** JUnit's console launcher (copied by the build into target/junit-console). */
    static final Path JUNIT = Path.of("target/junit-console/junit-platform-console-standalone.jar").toAbsolutePath();

    /** Holds the repository and what must stay outside it (the cache, files an artifact must not reach). */
    @TempDir
    Path root;
    /** The repository. */
    Path dir;
    Path cacheDir;

    @BeforeEach
    void configureCache() throws IOException {
        dir = Files.createDirectory(root.resolve("repo"));
        cacheDir = root.resolve("cache");
        Files.writeString(dir.resolve("gantry.yaml"), "cache:\n  dir: " + cacheDir + "\n");
    }

    @Test
    void artifactsPassBetweenActionsWithTheirPathsAndInputFolders() throws Exception {
        Path wf = repo(dir, """
                Name: artifacts
                SchemaVersion: "1.0"
                Actions:
                  Build:
                    Identifier: aws/build@v1
                    Inputs: {Sources: [WorkflowSource]}
                    Outputs:
                      Artifacts:
                        - Name: BUILD_OUT
                          Files: ["build/**/*", "./notes.txt"]
                    Configuration:
                      Steps:
                        - Run: mkdir -p build/sub && echo app > build/app.txt && echo deep > build/sub/x.txt
                        - Run: echo note > notes.txt && echo not-in-artifact > other.txt
                  OnlyArtifact:
                    Identifier: aws/build@v1
                    Inputs: {Artifacts: [BUILD_OUT]}
                    Configuration:
                      Steps:
                        - Run: test "$PWD" = "$CATALYST_DEFAULT_DIR" && test "$PWD" = "$CATALYST_SOURCE_DIR_BUILD_OUT"
                        - Run: echo "got $(cat build/sub/x.txt) $(cat notes.txt)"; test ! -e other.txt
                  SourceAndArtifact:
                    Identifier: aws/build@v1
                    Inputs: {Sources: [WorkflowSource], Artifacts: [BUILD_OUT]}
                    Configuration:
                      Steps:
                        - Run: test "$CATALYST_DEFAULT_DIR" = "$CATALYST_SOURCE_DIR_WorkflowSource" && test "$PWD" = "$CATALYST_DEFAULT_DIR"
                        - Run: echo "second $(cat $CATALYST_SOURCE_DIR_BUILD_OUT/build/app.txt)"
                """);
        RunTestSupport.Result r = run(wf.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("got deep note", "second app", "output artifact BUILD_OUT: 3 files",
                "input artifact BUILD_OUT: 3 files");
        Path artifact = runDir().resolve("artifacts/BUILD_OUT");
        assertThat(artifact.resolve("build/sub/x.txt")).hasContent("deep");
        assertThat(artifact.resolve("notes.txt")).exists();
        assertThat(artifact.resolve("other.txt")).doesNotExist();
        assertThat(runDir().resolve("run.json")).content().contains("\"artifacts\"").contains("BUILD_OUT");
    }

    @Test
    void emptyArtifactsAndEscapesFailTheirActionWithClearMessages() throws Exception {
        Files.writeString(root.resolve("repo-outside.txt"), "secret");
        Path wf = repo(dir, """
                Name: refusals
                SchemaVersion: "1.0"
                Actions:
                  Empty:
                    Identifier: aws/build@v1
                    Outputs: {Artifacts: [{Name: DIST, Files: ["dist/**/*"]}]}
                    Configuration: {Steps: [{Run: echo built nothing}]}
                  Consumer:
                    Identifier: aws/build@v1
                    Inputs: {Artifacts: [DIST]}
                    Configuration: {Steps: [{Run: echo should not run}]}
                  UpAndOut:
                    Identifier: aws/build@v1
                    Outputs: {Artifacts: [{Name: UP, Files: ["../*-outside.txt"]}]}
                    Configuration: {Steps: [{Run: "true"}]}
                  CacheUp:
                    Identifier: aws/build@v1
                    Caching: {FileCaching: {up: {Path: ../shared-cache}}}
                    Configuration: {Steps: [{Run: "true"}]}
                  LinkOut:
                    Identifier: aws/build@v1
                    Outputs: {Artifacts: [{Name: LINKED, Files: ["build/*"]}]}
                    Configuration:
                      Steps:
                        - Run: mkdir -p build && ln -s /etc/passwd build/passwd && echo ok > build/ok.txt
                """);
        RunTestSupport.Result r = run(wf.toString(), "--json");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.status("Empty")).isEqualTo("failed");
        assertThat(r.events("action.finished", "Empty").get(0)).contains("output artifact 'DIST' is empty")
                .contains("dist/**/*");
        assertThat(r.status("Consumer")).isEqualTo("skipped");
        assertThat(r.events("action.finished", "UpAndOut").get(0)).contains("goes up with '..'");
        assertThat(r.events("action.finished", "LinkOut").get(0)).contains("build/passwd")
                .contains("outside the workspace");
        assertThat(runDir().resolve("artifacts/LINKED")).doesNotExist();
        assertThat(r.status("CacheUp")).isEqualTo("succeeded"); // caching is best effort: refused, not fatal
        assertThat(r.out()).contains("cache up: not restored: cache Path '../shared-cache' goes up with '..'")
                .contains("cache up: not saved: cache Path '../shared-cache' goes up with '..'");
    }

    static final String CACHE_WORKFLOW = """
            Name: cached
            SchemaVersion: "1.0"
            Actions:
              Deps:
                Identifier: aws/build@v1
                Inputs: {Sources: [WorkflowSource]}
                Caching:
                  FileCaching:
                    deps-v1:
                      Path: .deps
                      RestoreKeys: [deps-]
                Configuration:
                  Steps:
                    - Run: if [ -f .deps/runs.txt ]; then echo "HIT $(paste -sd, .deps/runs.txt)"; else echo MISS; fi
                    - Run: mkdir -p .deps && echo "%s" >> .deps/runs.txt && chmod 750 .deps
                    - Run: %s
            """;

    @Test
    void cachesAreRestoredOnTheNextRunAndNeverSavedByAFailingAction() throws Exception {
        Path wf = repo(dir, CACHE_WORKFLOW.formatted("first", "true"));
        RunTestSupport.Result first = run(wf.toString());
        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).contains("MISS", "cache deps-v1: saved .deps");

        repo(dir, CACHE_WORKFLOW.formatted("second", "true"));
        RunTestSupport.Result second = run(wf.toString());
        assertThat(second.out()).contains("HIT first", "cache deps-v1: restored into .deps");

        repo(dir, CACHE_WORKFLOW.formatted("failed", "exit 3"));
        RunTestSupport.Result failing = run(wf.toString());
        assertThat(failing.exitCode()).isEqualTo(1);
        assertThat(failing.out()).contains("HIT first,second", "caches not saved");

        repo(dir, CACHE_WORKFLOW.formatted("fourth", "true"));
        RunTestSupport.Result fourth = run(wf.toString(), "--no-cache");
        assertThat(fourth.out()).contains("MISS").doesNotContain("cache deps-v1");

        repo(dir, CACHE_WORKFLOW.formatted("fifth", "true"));
        RunTestSupport.Result fifth = run(wf.toString());
        assertThat(fifth.out()).contains("HIT first,second").doesNotContain("failed").doesNotContain("fourth");
        assertThat(Files.isDirectory(cacheDir.resolve("objects"))).isTrue();
    }

    @Test
    void aRealJUnitRunsReportFailsTheActionOnItsPassRateAndNamesTheFailedTest() throws Exception {
        Files.createDirectories(dir.resolve("src/demo"));
        Files.writeString(dir.resolve("src/demo/Calc.java"),
                "package demo;\npublic class Calc { public static int div(int a, int b) { return a / b; } }\n");
        Files.writeString(dir.resolve("src/demo/CalcTest.java"), """
                package demo;
                import org.junit.jupiter.api.Test;
                import static org.junit.jupiter.api.Assertions.assertEquals;
                class CalcTest {
                    @Test void dividesEvenly() { assertEquals(3, Calc.div(6, 2)); }
                    @Test void dividesWithRemainder() { assertEquals(2, Calc.div(7, 2), "7 / 2 rounds down"); }
                }
                """);
        String junit = "java -jar " + JUNIT + " execute --class-path out --select-class demo.CalcTest"
                + " --reports-dir reports --disable-banner";
        Path wf = repo(dir, """
                Name: tests
                SchemaVersion: "1.0"
                Actions:
                  UnitTests:
                    Identifier: aws/managed-test@v1
                    Inputs: {Sources: [WorkflowSource]}
                    Caching: {FileCaching: {compiled: {Path: out}}}
                    Outputs:
                      Artifacts: [{Name: TEST_REPORTS, Files: ["reports/*.xml"]}]
                      Reports:
                        Jupiter:
                          Format: JUNITXML
                          IncludePaths: [reports/TEST-junit-jupiter.xml]
                          SuccessCriteria: {PassRate: 100}
                    Configuration:
                      Steps:
                        - Run: javac -d out -cp %1$s src/demo/*.java
                        - Run: %2$s || echo "the JUnit run reported failures"
                  Discovered:
                    Identifier: aws/managed-test@v1
                    Inputs: {Sources: [WorkflowSource]}
                    Outputs:
                      AutoDiscoverReports: {Enabled: true, ReportNamePrefix: auto, SuccessCriteria: {PassRate: 40}}
                    Configuration:
                      Steps:
                        - Run: javac -d out -cp %1$s src/demo/*.java
                        - Run: %2$s
                  Publish:
                    Identifier: aws/build@v1
                    Inputs: {Artifacts: [TEST_REPORTS]}
                    Configuration: {Steps: [{Run: ls}]}
                """.formatted(JUNIT, junit));
        RunTestSupport.Result r = run(wf.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        String out = r.out();
        assertThat(out).contains("report 'Jupiter' (JUNITXML): PassRate 50% is below the required 100% (1 of 2"
                        + " tests passed)")
                .contains("failed test demo.CalcTest.dividesWithRemainder()")
                .contains("7 / 2 rounds down")
                .contains("tests 1 passed, 1 failed, 0 skipped")
                .contains("caches not saved");
        String json = Files.readString(runDir().resolve("run.json"));
        assertThat(json).contains("\"PassRate\"").contains("\"met\": false").contains("dividesWithRemainder");
        assertThat(runDir().resolve("artifacts/TEST_REPORTS")).doesNotExist();
        assertThat(cacheDir.resolve("entries")).doesNotExist();
        // Discovered: the JUnit run's non-zero exit fails the steps, and its report is still read.
        assertThat(out).containsPattern("Discovered\\s+\\| .*reports: tests 1 passed, 1 failed, 0 skipped");
    }

    @Test
    void theCorpusCacheWorkflowOfAwsRunnerPassesTwice() throws Exception {
        Path corpus = SharedCorpus.file("aws__codecatalyst-runner-cli__cache.yaml");
        Path stuff = root.resolve("root-stuff");
        // The absolute path /root/stuff of the original, moved to a folder of this test.
        Path wf = repo(dir, Files.readString(corpus).replace("/root/stuff", stuff.toString()));
        for (int i = 1; i <= 2; i++) {
            RunTestSupport.Result r = run(wf.toString());
            assertThat(r.exitCode()).as("run " + i + ":\n" + r.out() + r.err()).isZero();
        }
    }

    @Test
    void theCorpusWorkflowThatEchoesAJUnitReportIsDiscovered() throws Exception {
        Path corpus = SharedCorpus.file("Lock128__cicdonaws-example-projects__Workflow_896b.yaml");
        Path wf = repo(dir, Files.readString(corpus));
        RunTestSupport.Result r = run(wf.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("reports: tests 1 passed, 0 failed, 0 skipped");
        assertThat(Files.readString(runDir().resolve("run.json"))).contains("\"name\": \"rptreport\"");
    }

    private Path runDir() throws IOException {
        try (Stream<Path> ids = Files.list(dir.resolve(".gantry/runs"))) {
            return ids.sorted().reduce((a, b) -> b).orElseThrow();
        }
    }
}
