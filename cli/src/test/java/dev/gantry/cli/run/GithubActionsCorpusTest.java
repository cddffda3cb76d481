package dev.gantry.cli.run;

import dev.gantry.dsl.corpus.SharedCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.gantry.cli.run.RunTestSupport.git;
import static dev.gantry.cli.run.RunTestSupport.repo;
import static dev.gantry.cli.run.RunTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The corpus files that use {@code aws/github-actions-runner@v1} (skipped, saying so, without
 * {@code ../shared/corpus}): they plan with no unsupported action, only the actions nobody provided offline are
 * missing; with those provided they plan; and the SonarCloud one runs end to end.
 */
class GithubActionsCorpusTest {
    private static final String FLUTTER = "Lock128__cicdonaws-example-projects__pull-request.yaml";
    private static final String SONAR = "ashishtiwari9292__outside-FE-Circle-CI__build.yaml";

    @TempDir
    Path dir;

    /** Outside the repository: the stand-in actions, the configuration and the action cache. */
    @TempDir
    Path outside;

    private Path corpusFile(String name) throws Exception {
        Path file = SharedCorpus.file(name);
        Path wf = repo(dir, Files.readString(file));
        git(dir, "git init -q -b main . && git add -A && git -c user.email=t@t -c user.name=t commit -qm init");
        return wf;
    }

    /**
     * A local git repository standing in for a GitHub action that cannot be fetched here (no network): a composite
     * action with the given inputs that prints what it received. A test double, because the real action is not
     * available offline; the mapping mechanism it goes through is the real one.
     */
    private Path standIn(String name, String tag, List<String> inputs) throws Exception {
        StringBuilder yml = new StringBuilder("name: stand-in for " + name + "\ninputs:\n");
        StringBuilder echo = new StringBuilder("echo \"stand-in " + name);
        for (String in : inputs) {
            yml.append("  ").append(in).append(":\n    default: ''\n");
            echo.append(' ').append(in).append("=[${{ inputs.").append(in).append(" }}]");
        }
        echo.append('"');
        yml.append("runs:\n  using: composite\n  steps:\n    - shell: bash\n      run: |\n        ").append(echo)
                .append("\n        echo \"token length ${#SONAR_TOKEN}: $SONAR_TOKEN\"\n");
        return RunTestSupport.gitRepository(outside, name, "master", tag, Map.of("action.yml", yml.toString()));
    }

    private Path config(String actions) throws Exception {
        Path cfg = outside.resolve("gantry.yaml");
        Files.writeString(cfg, "githubActions:\n  cacheDir: " + outside.resolve("cache")
                + "\n  actions:\n" + actions.indent(4));
        return cfg;
    }

    @Test
    void withoutTheActionsOfflineOnlyTheMissingActionsStopThePlan() throws Exception {
        for (String name : List.of(FLUTTER, SONAR)) {
            Path wf = corpusFile(name);
            RunTestSupport.Result r = run(wf.toString(), "--dry-run", "--config", config("{}").toString(),
                    "--secret", "SONAR_TOKEN=x");
            assertThat(r.exitCode()).as(name + "\n" + r.out() + r.err()).isEqualTo(3);
            assertThat(r.err()).as(name).doesNotContain("[action-unsupported]").contains("[gha-action-missing]",
                    "To provide it offline, map it in gantry.yaml");
        }
    }

    @Test
    void theFlutterWorkflowPlansOnceItsActionsAreProvided() throws Exception {
        Path wf = corpusFile(FLUTTER);
        Path cfg = config("subosito/flutter-action: " + standIn("flutter", "v2.8.0", List.of("flutter-version", "channel"))
                + "\nactions/setup-java: " + standIn("java", "v2", List.of("distribution", "java-version"))
                + "\nandroid-actions/setup-android: " + standIn("android", "v2", List.of()) + "\n");
        RunTestSupport.Result r = run(wf.toString(), "--dry-run", "--config", cfg.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("BuildAndTestUI", "Flutter Build Web", "Run cd ui;flutter build apk");
    }

    @Test
    void theSonarCloudWorkflowRunsEndToEndWithItsActionFromALocalRepository() throws Exception {
        Path wf = corpusFile(SONAR);
        Path cfg = config("SonarSource/sonarcloud-github-action: " + standIn("sonar", null, List.of("args",
                "projectBaseDir")) + "\n");
        RunTestSupport.Result r = run(wf.toString(), "--config", cfg.toString(), "--secret",
                "SONAR_TOKEN=sonar-secret-value");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("stand-in sonar args=[-Dsonar.branch.name=main", "token length 18: ***")
                .doesNotContain("sonar-secret-value");
    }
}
