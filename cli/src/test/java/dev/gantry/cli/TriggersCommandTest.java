package dev.gantry.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code gantry triggers} in-process, on workflow files in a real git repository. */
class TriggersCommandTest {
    private static final String BUILD = """
            Name: Build
            SchemaVersion: "1.0"
            Triggers:
              - Type: PUSH
                Branches: [main]
                FilesChanged: ['src\\/.*']
              - Type: PULLREQUEST
                Events: [OPEN, REVISION]
                Branches: [main]
            Actions:
              Compile:
                Identifier: aws/build@v1
                Inputs: {Sources: [WorkflowSource]}
                Configuration: {Steps: [{Run: make}]}
            """;
    private static final String NIGHTLY = """
            Name: Nightly
            SchemaVersion: "1.0"
            Triggers:
              - Type: SCHEDULE
                Expression: "0 2 * * ? *"
                Branches: [main]
            Actions:
              Test:
                Identifier: aws/build@v1
                Inputs: {Sources: [WorkflowSource]}
                Configuration: {Steps: [{Run: make test}]}
            """;
    private static final String MANUAL = """
            Name: Release
            SchemaVersion: "1.0"
            Actions:
              Ship:
                Identifier: aws/build@v1
                Inputs: {Sources: [WorkflowSource]}
                Configuration: {Steps: [{Run: ship}]}
            """;

    @TempDir
    Path repo;
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-07T02:00:40Z"), ZoneOffset.UTC);

    @BeforeEach
    void setUp() throws Exception {
        write(".codecatalyst/workflows/build.yaml", BUILD);
        write(".codecatalyst/workflows/nightly.yaml", NIGHTLY);
        write(".codecatalyst/workflows/release.yaml", MANUAL);
    }

    private void write(String path, String text) throws IOException {
        Path f = repo.resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }

    private CommandRun triggers(String... args) {
        return CommandRun.of(new TriggersCommand(repo, clock), args);
    }

    @Test
    void pushListsWhatRunsAndWhyNotTheOthers() {
        CommandRun r = triggers("--event", "push", "--branch", "main", "--changed", "src/app.c", "README.md");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("""
                push to main, 2 changed files:
                  run  Build    .codecatalyst/workflows/build.yaml    PUSH trigger 1: branch 'main' matches Branches [main], changed file 'src/app.c' matches FilesChanged 'src\\/.*'
                  no   Nightly  .codecatalyst/workflows/nightly.yaml  no PUSH trigger (it has SCHEDULE)
                  no   Release  .codecatalyst/workflows/release.yaml  no Triggers: it runs only when started by hand
                1 of 3 workflows would run.
                """);
        CommandRun docs = triggers("--event", "push", "--branch", "main", "--changed", "README.md");
        assertThat(docs.out()).contains("no   Build    .codecatalyst/workflows/build.yaml    PUSH trigger 1: no "
                + "changed file (README.md) matches FilesChanged [src\\/.*]");
        CommandRun unknown = triggers("--event", "push", "--branch", "main");
        assertThat(unknown.out()).startsWith("push to main, changed files not given:").contains("the changed files "
                + "are not known");
    }

    @Test
    void jsonGivesNameFileWouldRunAndReason() {
        CommandRun r = triggers("--event", "push", "--branch", "feature", "--changed", "src/x", "--format", "json");
        assertThat(r.exitCode()).isZero();
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = (Map<String, Object>) MiniJson.parse(r.out());
        assertThat(doc.get("event")).isEqualTo(Map.of("type", "PUSH", "branch", "feature", "newBranch", false,
                "deleted", false, "forced", false, "changedFiles", List.of("src/x")));
        assertThat((List<?>) doc.get("workflows")).first().isEqualTo(Map.of("name", "Build", "file",
                ".codecatalyst/workflows/build.yaml", "wouldRun", false, "reason",
                "PUSH trigger 1: branch 'feature' matches none of Branches [main]"));
    }

    @Test
    void pullRequestBranchesMatchTheDestination() {
        CommandRun r = triggers("--event", "pullrequest", "--source", "feat", "--destination", "main", "--action",
                "OPEN", ".codecatalyst/workflows/build.yaml");
        assertThat(r.out()).isEqualTo("""
                pull request [OPEN, REVISION] from feat into main, changed files not given:
                  run  Build  .codecatalyst/workflows/build.yaml  PULLREQUEST trigger 2: event OPEN, destination branch 'main' matches Branches [main]
                1 of 1 workflow would run.
                """);
        assertThat(triggers("--event", "pullrequest", "--source", "main", "--destination", "feat", "--action",
                "OPEN", ".codecatalyst/workflows/build.yaml").out()).contains("  no   Build");
    }

    @Test
    void scheduleAsksAboutOneMinute() {
        assertThat(triggers("--event", "schedule", "--branch", "main").out())
                .contains("run  Nightly  .codecatalyst/workflows/nightly.yaml  SCHEDULE trigger 1: '0 2 * * ? *' fires "
                        + "at 2026-12-07T02:00:00Z");
        assertThat(triggers("--event", "schedule", "--branch", "main", "--at", "2026-12-07T03:00Z").out())
                .contains("no   Nightly  .codecatalyst/workflows/nightly.yaml  SCHEDULE trigger 1: '0 2 * * ? *' does "
                        + "not fire in (2026-12-07T02:59:59Z, 2026-12-07T03:00:00Z]; next at 2026-12-08T02:00:00Z");
    }

    @Test
    void changedFilesFromGit() throws Exception {
        git("init", "-q", "-b", "main");
        git("add", ".");
        git("commit", "-q", "-m", "workflows");
        write("src/app.c", "int main;");
        git("add", ".");
        git("commit", "-q", "-m", "code");
        // no --branch: the branch checked out
        CommandRun r = triggers("--event", "push", "--from", "HEAD~1", "--to", "HEAD");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("push to main, 1 changed file:").contains("run  Build");

        // a pull request: only what the source brings since the merge base counts
        git("checkout", "-q", "-b", "feat", "HEAD~1");
        write("docs/readme.md", "docs");
        git("add", ".");
        git("commit", "-q", "-m", "docs");
        CommandRun pr = triggers("--event", "pullrequest", "--source", "feat", "--destination", "main", "--action",
                "REVISION", "--from", "main", "--to", "feat", "--format", "json");
        assertThat(pr.out()).contains("\"changedFiles\": [\n      \"docs/readme.md\"\n    ]");
        assertThat(triggers("--event", "push", "--branch", "main", "--from", "nope").err())
                .isEqualTo("gantry: --from nope: no such revision\n");
    }

    @Test
    void usageErrorsSayWhatIsMissing() {
        assertThat(triggers("--event", "push").err()).isEqualTo("gantry: --event push needs --branch\n");
        assertThat(triggers("--event", "push").exitCode()).isEqualTo(2);
        assertThat(triggers("--event", "pullrequest", "--source", "a", "--destination", "b").err())
                .isEqualTo("gantry: --event pullrequest needs --action: OPEN, REVISION, CLOSED, MERGED or DRAFT\n");
        assertThat(triggers("--event", "pullrequest", "--source", "a", "--destination", "b", "--action", "OPENED")
                .err()).isEqualTo("gantry: --action OPENED: use OPEN, REVISION, CLOSED, MERGED or DRAFT\n");
        assertThat(triggers("--event", "tag").err()).isEqualTo("gantry: --event tag: use push, pullrequest or "
                + "schedule\n");
        assertThat(triggers("--event", "schedule", "--branch", "main", "--at", "tomorrow").err())
                .isEqualTo("gantry: --at tomorrow: give a UTC time such as 2026-12-07T02:00Z\n");
        assertThat(triggers("--event", "push", "--branch", "main", "nothing-here").exitCode()).isEqualTo(2);
    }

    @Test
    void anInvalidWorkflowWouldNotRun() throws Exception {
        write(".codecatalyst/workflows/broken.yaml", "Name: Broken\nSchemaVersion: \"1.0\"\nActions: {}\n");
        CommandRun r = triggers("--event", "push", "--branch", "main", "--changed", "src/a");
        assertThat(r.out()).containsPattern("no   Broken +\\.codecatalyst/workflows/broken\\.yaml +the file has \\d+ "
                + "errors? and would not run \\(gantry validate \\.codecatalyst/workflows/broken\\.yaml\\)");
    }

    @Test
    void theLauncherKnowsTheCommand() {
        CommandRun r = CommandRun.gantry("triggers", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Lists which workflows an event would start");
    }

    private void git(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("git", "-c", "user.email=dev@example.com", "-c", "user.name=Dev",
                "-c", "commit.gpgsign=false"));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).directory(repo.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("git " + String.join(" ", args) + ": " + out);
        }
    }
}
