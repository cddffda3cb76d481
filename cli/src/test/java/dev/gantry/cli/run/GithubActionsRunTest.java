package dev.gantry.cli.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.gantry.cli.run.RunTestSupport.allText;
import static dev.gantry.cli.run.RunTestSupport.git;
import static dev.gantry.cli.run.RunTestSupport.repo;
import static dev.gantry.cli.run.RunTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code aws/github-actions-runner@v1} end to end, in this JVM, on real bash, python and node: every {@code run:}
 * feature, expressions in every place, workflow commands and masking, outputs reaching a downstream CodeCatalyst
 * action, and JavaScript and composite actions served from local git repositories through the action cache.
 */
class GithubActionsRunTest {
    @TempDir
    Path dir;

    /** Outside the repository: the actions' own git repositories. */
    @TempDir
    Path actions;

    private Path workflow(String steps, String more) throws Exception {
        Path wf = repo(dir, "Name: gha\nSchemaVersion: \"1.0\"\nActions:\n"
                + "  Gh:\n    Identifier: aws/github-actions-runner@v1\n    Inputs:\n      Sources: [WorkflowSource]\n"
                + more + "    Configuration:\n      Steps:\n" + steps.indent(8));
        git(dir, "git init -q -b main . && git add -A && git -c user.email=t@t -c user.name=t commit -qm init");
        return wf;
    }

    private Path config(String actions) throws Exception {
        Path cfg = dir.resolve("gantry-test.yaml");
        Files.writeString(cfg, "githubActions:\n  cacheDir: " + dir.resolve("action-cache") + "\n  actions:\n"
                + actions.indent(4));
        return cfg;
    }

    @Test
    void runStepsBehaveAsOnGitHub() throws Exception {
        Files.createDirectories(dir.resolve("sub/tools"));
        Files.writeString(dir.resolve("sub/tools/hello-tool"), "#!/bin/sh\necho tool-says-hi\n");
        dir.resolve("sub/tools/hello-tool").toFile().setExecutable(true);
        Path wf = workflow("""
                - name: own process
                  run: |
                    x=set-in-step-1
                    echo "FROM_ENV_FILE=carried" >> "$GITHUB_ENV"
                    echo "$PWD/sub/tools" >> "$GITHUB_PATH"
                    echo "::add-mask::hunter2-secret"
                    echo "password is hunter2-secret"
                    echo "::group::Details"
                    echo "## Summary line" >> "$GITHUB_STEP_SUMMARY"
                - id: meta
                  working-directory: sub
                  env:
                    GREETING: hello ${{ github.ref_name }}
                  run: |
                    echo "x=${x:-unset} dir=$(basename "$PWD") $GREETING env=$FROM_ENV_FILE"
                    hello-tool
                    echo "version=1.${{ format('{0}', 2) }}" >> "$GITHUB_OUTPUT"
                    { echo 'notes<<EOF'; echo line1; echo line2; echo EOF; } >> "$GITHUB_OUTPUT"
                    echo "::set-output name=legacy::old-style"
                    echo "sha=$GITHUB_SHA ws=$(basename "$GITHUB_WORKSPACE") actions=$GITHUB_ACTIONS os=$RUNNER_OS"
                - name: default bash stops at the first failure
                  continue-on-error: true
                  run: |
                    false
                    echo must-not-print
                - name: explicit bash has pipefail
                  shell: bash
                  continue-on-error: ${{ true }}
                  run: false | true
                - name: sh
                  shell: sh
                  run: echo "sh sees ${{ steps.meta.outputs.version }} and $FROM_ENV_FILE"
                - name: python
                  shell: python
                  run: |
                    import os
                    print("python sees", os.environ["FROM_ENV_FILE"], "${{ steps.meta.outputs.legacy }}")
                - name: custom shell
                  shell: cat {0}
                  run: printed-by-cat ${{ toJSON(steps.meta.outputs.notes) }}
                - name: too slow
                  timeout-minutes: 0.03
                  continue-on-error: true
                  run: sleep 60
                - if: ${{ failure() }}
                  run: echo never-after-success
                - if: steps.meta.outputs.version == '1.2' && contains(github.ref, 'main')
                  run: echo conditional-ran
                """, "    Outputs:\n      Variables: [meta_version, FROM_ENV_FILE]\n");
        Files.writeString(wf, Files.readString(wf) + """
                  After:
                    Identifier: aws/build@v1
                    DependsOn: [Gh]
                    Inputs:
                      Sources: [WorkflowSource]
                    Configuration:
                      Steps:
                        - Run: echo "downstream got ${Gh.meta_version} and ${Gh.FROM_ENV_FILE}"
                """);
        git(dir, "git add -A && git -c user.email=t@t -c user.name=t commit -qm after");
        String sha = new String(new ProcessBuilder("git", "rev-parse", "HEAD").directory(dir.toFile()).start()
                .getInputStream().readAllBytes()).strip();
        RunTestSupport.Result r = run(wf.toString());
        String out = r.out();
        assertThat(r.exitCode()).as(out + r.err()).isZero();
        assertThat(out).contains("x=unset dir=sub hello main env=carried", "tool-says-hi",
                "password is ***", "▼ Details", "## Summary line",
                "sha=" + sha + " ws=WorkflowSource actions=true os=Linux",
                "sh sees 1.2 and carried", "python sees carried old-style",
                "printed-by-cat \"line1\\nline2\"", "timed out (timeout-minutes: 0.03)",
                "continue-on-error lets the action go on", "conditional-ran",
                "downstream got 1.2 and carried");
        assertThat(out).doesNotContain("hunter2-secret", "must-not-print", "Gh       | never-after-success");
        assertThat(allText(dir.resolve(".gantry/runs"))).doesNotContain("hunter2-secret");
    }

    @Test
    void aFailingStepFailsTheActionAndOnlyAlwaysAndFailureStepsRunAfterIt() throws Exception {
        Path wf = workflow("""
                - run: echo first
                - name: breaks
                  continue-on-error: false
                  run: exit 3
                - run: echo skipped-after-failure
                - if: failure()
                  run: echo failure-handler-ran
                - if: always()
                  run: echo always-ran
                """, "");
        RunTestSupport.Result r = run(wf.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("failure-handler-ran", "always-ran", "step 2 'breaks' failed with exit status 3")
                .doesNotContain("Gh       | skipped-after-failure");
    }

    @Test
    void theActionsTimeoutEndsARunningStepAndNothingAfterItRuns() throws Exception {
        Path wf = workflow("""
                - run: echo started; sleep 120 & wait; echo not-reached
                - if: always()
                  run: echo after-timeout
                """, "    Timeout: 5\n");
        long t0 = System.nanoTime();
        RunTestSupport.Result r = run(wf.toString(), "--timeout-scale", "0.4");
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("started", "timed out").doesNotContain("Gh       | not-reached",
                "Gh       | after-timeout");
        assertThat(seconds).isLessThan(60);
    }

    /**
     * A GitHub step's private folder (its script, which may hold secrets, and its GITHUB_* files) goes with the
     * action however the step ends: here one step is ended by its own {@code timeout-minutes} and the next by the
     * action's {@code Timeout}, both while running. The steps get a TMPDIR of their own, so that nothing another
     * test or process leaves in /tmp can blur the check.
     */
    @Test
    void stepsEndedByATimeoutLeaveNoTemporaryFolderBehind(@TempDir Path stepsTmp) throws Exception {
        Path wf = workflow("""
                - timeout-minutes: 0.05
                  continue-on-error: true
                  run: echo "first in $RUNNER_TEMP"; sleep 120 & wait
                - run: echo "tmpdir=$TMPDIR then in $RUNNER_TEMP"; sleep 120 & wait; echo not-reached
                """, "      Variables:\n        - Name: TMPDIR\n          Value: " + stepsTmp + "\n    Timeout: 15\n");
        RunTestSupport.Result r = run(wf.toString(), "--timeout-scale", "1");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("tmpdir=" + stepsTmp + " then in ", "timed out")
                .doesNotContain("Gh       | not-reached");
        try (var left = Files.list(stepsTmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("left in the steps' TMPDIR").isEmpty();
        }
        for (String seen : java.util.regex.Pattern.compile("(?:first|then) in (\\S+)").matcher(r.out()).results()
                .map(m -> m.group(1)).toList()) {
            assertThat(Path.of(seen)).as("a step's RUNNER_TEMP after the run").doesNotExist();
        }
    }

    @Test
    void outsizedStepFilesAreCutAtTheirBound() throws Exception {
        Path wf = workflow("""
                - id: big
                  run: |
                    echo small=kept >> "$GITHUB_OUTPUT"
                    head -c 3000000 /dev/zero | tr '\\0' x | sed 's/^/v=/' >> "$GITHUB_OUTPUT"
                - run: echo "small=${{ steps.big.outputs.small }} big-set=${{ steps.big.outputs.v != null }}"
                """, "");
        RunTestSupport.Result r = run(wf.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("warning: $GITHUB_OUTPUT holds more than 1048576 bytes; the rest was ignored",
                "small=kept big-set=false");
    }

    @Test
    void secretsReachExpressionsMaskedAndAMissingOneStopsThePlan() throws Exception {
        Path wf = workflow("""
                - env:
                    TOKEN: ${{ secrets.API_TOKEN }}
                  run: echo "token=$TOKEN length=${#TOKEN}"
                """, "");
        RunTestSupport.Result ok = run(wf.toString(), "--secret", "API_TOKEN=s3cr3t-value");
        assertThat(ok.exitCode()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).contains("token=*** length=12").doesNotContain("s3cr3t-value");
        RunTestSupport.Result missing = run(wf.toString());
        assertThat(missing.exitCode()).isEqualTo(3);
        assertThat(missing.err()).contains("secret 'API_TOKEN' (secrets.API_TOKEN) has no value");
    }

    @Test
    void javascriptAndCompositeActionsComeFromLocalGitRepositoriesThroughTheCache() throws Exception {
        Path js = RunTestSupport.gitRepository(actions, "js-action", "main", "v1", Map.of("action.yml", """
                name: greet
                inputs:
                  who:
                    description: whom to greet
                    default: ${{ github.repository_owner }}-default
                  punctuation:
                    default: '!'
                runs:
                  using: node20
                  pre: pre.js
                  main: main.js
                  post: post.js
                """, "pre.js", "console.log('pre ran');\n", "main.js", """
                const fs = require('fs');
                const who = process.env.INPUT_WHO, p = process.env.INPUT_PUNCTUATION;
                console.log(`hello ${who}${p} node ${process.version}`);
                fs.appendFileSync(process.env.GITHUB_OUTPUT, `greeting=hello ${who}\\n`);
                fs.appendFileSync(process.env.GITHUB_STATE, `started=yes\\n`);
                """, "post.js", "console.log('post ran, state ' + process.env.STATE_started);\n"));
        Path comp = RunTestSupport.gitRepository(actions, "composite", "main", null, Map.of("action.yml", """
                name: twice
                inputs:
                  word:
                    required: true
                outputs:
                  doubled:
                    value: ${{ steps.double.outputs.result }}
                runs:
                  using: composite
                  steps:
                    - id: double
                      shell: bash
                      run: |
                        echo "composite got ${{ inputs.word }}"
                        "$GITHUB_ACTION_PATH/double.sh" "${{ inputs.word }}" >> "$GITHUB_OUTPUT"
                """, "double.sh", "#!/bin/bash\necho \"result=$1$1\"\n"));
        Path cfg = config("acme/greet: " + js + "\nacme/twice: " + comp + "\n");
        Path wf = workflow("""
                - uses: actions/checkout@v4
                - id: hi
                  uses: acme/greet@v1
                  with:
                    who: ${{ github.actor }}x
                - uses: acme/greet@v1
                - id: tw
                  uses: acme/twice@main
                  with:
                    word: ${{ steps.hi.outputs.greeting }}
                - run: echo "composite output ${{ steps.tw.outputs.doubled }}"
                """, "    Outputs:\n      Variables: [tw_doubled]\n");
        RunTestSupport.Result r = run(wf.toString(), "--config", cfg.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        String user = System.getenv().getOrDefault("USER", "gantry");
        assertThat(r.out()).contains("already holds the WorkflowSource files", "pre ran",
                "hello " + user + "x! node v", "hello local-default!", "composite got hello " + user + "x",
                "composite output hello " + user + "xhello " + user + "x", "post ran, state yes");
        assertThat(r.out().indexOf("post ran")).isGreaterThan(r.out().indexOf("composite output"));
        Path kept = dir.resolve("action-cache/acme/greet");
        try (var commits = Files.list(kept)) {
            assertThat(commits.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9a-f]{40}")))
                    .hasSize(1);
        }
        assertThat(kept.resolve("refs/v1")).exists();
        // kept by commit: with the source repository gone, the next run still has the action
        git(js.getParent(), "rm -rf " + js);
        RunTestSupport.Result again = run(wf.toString(), "--config", cfg.toString());
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
    }

    @Test
    void anActionNobodyProvidesIsAPlanTimeErrorSayingHowToProvideIt() throws Exception {
        Path cfg = config("acme/other: " + dir.resolve("nowhere-but-a-folder") + "\n");
        Files.createDirectories(dir.resolve("nowhere-but-a-folder"));
        Path wf = workflow("- uses: acme/missing-action@v3\n", "");
        RunTestSupport.Result r = run(wf.toString(), "--config", cfg.toString());
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("acme/missing-action@v3 is not in the action cache",
                "githubActions: {actions: {acme/missing-action: /path/to/missing-action}}", "nothing was run");
    }
}
