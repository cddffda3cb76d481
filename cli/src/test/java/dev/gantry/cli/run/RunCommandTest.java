package dev.gantry.cli.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.gantry.cli.run.RunTestSupport.allText;
import static dev.gantry.cli.run.RunTestSupport.processesTagged;
import static dev.gantry.cli.run.RunTestSupport.repo;
import static dev.gantry.cli.run.RunTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code gantry run} end to end, in this JVM, on real bash. */
class RunCommandTest {
    @TempDir
    Path dir;

    static String action(String name, String deps, String... steps) {
        StringBuilder sb = new StringBuilder("  " + name + ":\n    Identifier: aws/build@v1\n");
        if (!deps.isEmpty()) {
            sb.append("    DependsOn: [").append(deps).append("]\n");
        }
        sb.append("    Inputs:\n      Sources: [WorkflowSource]\n    Configuration:\n      Steps:\n");
        for (String s : steps) {
            sb.append("        - Run: ").append(s).append('\n');
        }
        return sb.toString();
    }

    static String workflow(String... actions) {
        return "Name: t\nSchemaVersion: \"1.0\"\nActions:\n" + String.join("", actions);
    }

    @Test
    void anActionStartsBeforeAnUnrelatedSlowOneEnds() throws Exception {
        Path wf = repo(dir, workflow(action("Slow", "", "sleep 4"), action("Fast", "", "sleep 0.2"),
                action("AfterFast", "Fast", "echo after-fast")));
        RunTestSupport.Result r = run(wf.toString(), "--json", "--concurrency", "4");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Instant afterFastStarted = r.time("action.started", "AfterFast");
        Instant slowFinished = r.time("action.finished", "Slow");
        assertThat(afterFastStarted).isBefore(slowFinished);
        assertThat(Duration.between(r.time("action.finished", "Fast"), afterFastStarted))
                .isLessThan(Duration.ofMillis(500));
    }

    @Test
    void stateCarriesAcrossStepsAndTheWorkspaceIsFresh() throws Exception {
        Files.writeString(dir.resolve("data.txt"), "original\n");
        Path wf = repo(dir, workflow(
                action("Write", "", "X=1; cd sub 2>/dev/null || mkdir sub && cd sub; f() { echo fn-$X; }",
                        "echo \"$X $(basename $PWD)\"; f; echo changed > ../data.txt; touch ../new-file"),
                action("Read", "Write", "cat data.txt; test ! -e new-file && echo no-new-file")));
        RunTestSupport.Result r = run(wf.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("Write    | 1 sub", "Write    | fn-1", "Read     | original",
                "Read     | no-new-file");
        assertThat(dir.resolve("data.txt")).hasContent("original");
        assertThat(dir.resolve("new-file")).doesNotExist();
        Path runs = dir.resolve(".gantry/runs");
        try (var ids = Files.list(runs)) {
            Path runDir = ids.findFirst().orElseThrow();
            assertThat(runDir.resolve("run.json")).exists();
            assertThat(runDir.resolve("logs/Write.log")).content().contains("fn-1");
            assertThat(runDir.resolve("work")).doesNotExist();
        }
    }

    @Test
    void bindRunsInTheLiveFolderAndKeepKeepsWorkspaces() throws Exception {
        Path wf = repo(dir, workflow(action("A", "", "echo made > made-by-step.txt")));
        assertThat(run(wf.toString(), "--bind").exitCode()).isZero();
        assertThat(dir.resolve("made-by-step.txt")).hasContent("made");
        Files.delete(dir.resolve("made-by-step.txt"));
        assertThat(run(wf.toString(), "--keep").exitCode()).isZero();
        assertThat(dir.resolve("made-by-step.txt")).doesNotExist();
        try (var found = Files.walk(dir.resolve(".gantry"))) {
            assertThat(found.filter(p -> p.endsWith("work/A/WorkflowSource/made-by-step.txt")).toList()).hasSize(1);
        }
    }

    @Test
    void aFailureSkipsDependentsAndTheRunFailsAtTheEnd() throws Exception {
        Path wf = repo(dir, workflow(action("Bad", "", "echo one", "exit 3", "echo never"),
                action("Child", "Bad", "echo child"), action("Other", "", "sleep 0.3; echo other")));
        RunTestSupport.Result r = run(wf.toString(), "--json");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.status("Bad")).isEqualTo("failed");
        assertThat(r.events("action.finished", "Bad").get(0)).contains("\"exitCode\":3", "\"failedStep\":2");
        assertThat(r.status("Child")).isEqualTo("skipped");
        assertThat(r.status("Other")).isEqualTo("succeeded");
        assertThat(r.out()).doesNotContain("never");
        RunTestSupport.Result console = run(wf.toString());
        assertThat(console.out()).contains("ACTION", "Bad", "failed", "step 2 failed with exit code 3", "skipped");
    }

    @Test
    void failFastCancelsTheRest() throws Exception {
        String tag = "gantry-ff-" + System.nanoTime();
        Path wf = repo(dir, workflow(action("Bad", "", "sleep 0.3; false"),
                action("Long", "", "exec -a " + tag + " sleep 60"), action("After", "Long", "echo x")));
        long t0 = System.nanoTime();
        RunTestSupport.Result r = run(wf.toString(), "--json", "--fail-fast");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.status("Long")).isEqualTo("cancelled");
        assertThat(r.status("After")).isEqualTo("skipped");
        assertThat(processesTagged(tag)).isEmpty();
    }

    @Test
    void outputsReachDownstreamIncludingAGroupMembers() throws Exception {
        String yaml = """
                Name: t
                SchemaVersion: "1.0"
                Actions:
                  G:
                    Actions:
                      Make:
                        Identifier: aws/build@v1
                        Inputs:
                          Sources: [WorkflowSource]
                        Outputs:
                          Variables: [VERSION, NOTES]
                        Configuration:
                          Steps:
                            - Run: VERSION=2.0.1
                            - Run: NOTES=$'two\\nlines "q" $x'
                  Use:
                    Identifier: aws/build@v1
                    DependsOn: [G]
                    Inputs:
                      Sources: [WorkflowSource]
                      Variables:
                        - Name: V
                          Value: v${G.Make.VERSION}
                    Configuration:
                      Steps:
                        - Run: echo "version=$V"; echo '${G.Make.NOTES}'
                """;
        Path wf = repo(dir, yaml);
        RunTestSupport.Result r = run(wf.toString(), "--json");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.events("action.finished", "G.Make").get(0))
                .contains("\"outputs\":{\"VERSION\":\"2.0.1\",\"NOTES\":\"two\\nlines \\\"q\\\" $x\"}");
        assertThat(r.events("log", "Use")).anyMatch(l -> l.contains("\"text\":\"version=v2.0.1\""));
        assertThat(r.events("log", "Use")).anyMatch(l -> l.contains("\"text\":\"lines \\\"q\\\" $x\""));
    }

    @Test
    void secretsAreMaskedEverywhere() throws Exception {
        String secret = "hunter2-s3cr3t-" + System.nanoTime();
        String yaml = """
                Name: t
                SchemaVersion: "1.0"
                Actions:
                  Use:
                    Identifier: aws/build@v1
                    Inputs:
                      Sources: [WorkflowSource]
                      Variables:
                        - Name: TOKEN
                          Value: ${Secrets.API_TOKEN}
                    Outputs:
                      Variables: [LEAK]
                    Configuration:
                      Steps:
                        - Run: echo "env $TOKEN and text ${Secrets.API_TOKEN}"; LEAK="x${TOKEN}y"
                        - Run: printf '%s' "$TOKEN"; echo; echo "$TOKEN" | rev | rev
                        - Run: echo "$TOKEN" >&2; false
                """;
        Path wf = repo(dir, yaml);
        Path secretsFile = Files.writeString(dir.resolve("s.env"), "API_TOKEN=" + secret + "\n");
        RunTestSupport.Result json = run(wf.toString(), "--json", "--secrets-file", secretsFile.toString());
        RunTestSupport.Result console = run(wf.toString(), "--secret", "API_TOKEN=" + secret);
        RunTestSupport.Result dry = run(wf.toString(), "--dry-run", "--secret", "API_TOKEN=" + secret);
        for (RunTestSupport.Result r : List.of(json, console, dry)) {
            assertThat(r.out() + r.err()).doesNotContain(secret).contains("***");
        }
        assertThat(json.exitCode()).isEqualTo(1);
        assertThat(json.out()).contains("env *** and text ***");
        assertThat(allText(dir.resolve(".gantry"))).doesNotContain(secret).contains("***");
    }

    @Test
    void aSecretAcrossTheOneMebibyteLineCutIsStillMasked() throws Exception {
        String secret = "hunter2-cut-" + System.nanoTime();
        String yaml = """
                Name: t
                SchemaVersion: "1.0"
                Actions:
                  Long:
                    Identifier: aws/build@v1
                    Inputs:
                      Variables:
                        - Name: TOKEN
                          Value: ${Secrets.API_TOKEN}
                    Configuration:
                      Steps:
                        - Run: head -c $((1048576 - 5)) /dev/zero | tr '\\0' x; echo "$TOKEN"
                """;
        Path wf = repo(dir, yaml);
        RunTestSupport.Result r = run(wf.toString(), "--json", "--secret", "API_TOKEN=" + secret);
        assertThat(r.exitCode()).as(r.err()).isZero();
        String logs = allText(dir.resolve(".gantry"));
        for (String text : List.of(r.out(), logs)) {
            assertThat(text).contains("xxxxx***").doesNotContain("x" + secret.substring(0, 5))
                    .doesNotContain(secret.substring(5));
        }
    }

    @Test
    void aMissingSecretIsAPlanTimeErrorNamingIt() throws Exception {
        Path marker = dir.resolve("ran");
        Path wf = repo(dir, workflow(action("A", "", "touch " + marker + "; echo ${Secrets.NOPE}")));
        RunTestSupport.Result r = run(wf.toString());
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("w.yaml:").contains("'NOPE'").contains("[secret-missing]");
        assertThat(marker).doesNotExist();
    }

    @Test
    void workflowSourceVariablesComeFromGit() throws Exception {
        Path wf = repo(dir, workflow(action("A", "",
                "echo \"commit=${WorkflowSource.CommitId} branch=${WorkflowSource.BranchName}\"")));
        RunTestSupport.git(dir, "git init -q -b feature/x . && git -c user.email=t@t -c user.name=t add -A"
                + " && git -c user.email=t@t -c user.name=t commit -qm init");
        Process p = new ProcessBuilder("git", "rev-parse", "HEAD").directory(dir.toFile()).start();
        String head = new String(p.getInputStream().readAllBytes()).trim();
        RunTestSupport.Result r = run(wf.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("commit=" + head + " branch=feature/x");
    }

    @Test
    void theEnvironmentIsAnAllowlistPlusCatalystVariables() throws Exception {
        Path wf = repo(dir, workflow(action("A", "",
                "echo \"ci=$CI extra=$EXTRA src=$CATALYST_SOURCE_DIR_WorkflowSource def=$CATALYST_DEFAULT_DIR\"",
                "test \"$PWD\" = \"$CATALYST_DEFAULT_DIR\" && echo starts-in-default-dir",
                "env | cut -d= -f1 | sort | tr '\\n' ' '")));
        RunTestSupport.Result r = run(wf.toString(), "--env", "EXTRA=yes", "--json");
        assertThat(r.exitCode()).as(r.out()).isZero();
        assertThat(r.out()).contains("ci=true extra=yes src=" + dir.toRealPath())
                .contains("/work/A/WorkflowSource def=").contains("starts-in-default-dir");
        String names = r.events("log", "A").get(2);
        assertThat(names).contains("CATALYST_WORKFLOW_PROJECT_ID").doesNotContain("JAVA_HOME", "MAVEN");
    }

    @Test
    void concurrencyBoundsRunningActions() throws Exception {
        List<String> actions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            actions.add(action("A" + i, "", "sleep 0.4"));
        }
        Path wf = repo(dir, workflow(actions.toArray(String[]::new)));
        RunTestSupport.Result r = run(wf.toString(), "--json", "--concurrency", "2");
        assertThat(r.exitCode()).isZero();
        List<Instant[]> spans = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            spans.add(new Instant[] {r.time("action.started", "A" + i), r.time("action.finished", "A" + i)});
        }
        int max = 0;
        for (Instant[] s : spans) {
            int overlapping = 0;
            for (Instant[] o : spans) {
                if (!o[0].isAfter(s[0]) && o[1].isAfter(s[0])) {
                    overlapping++;
                }
            }
            max = Math.max(max, overlapping);
        }
        assertThat(max).isEqualTo(2);
    }

    @Test
    void byDefaultEveryReadyActionStartsAtOnce() throws Exception {
        // more actions than this machine has CPUs (the old default limit): all start before any ends
        int n = Runtime.getRuntime().availableProcessors() + 3;
        List<String> actions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            actions.add(action("A" + i, "", "sleep 4"));
        }
        Path wf = repo(dir, workflow(actions.toArray(String[]::new)));
        RunTestSupport.Result r = run(wf.toString(), "--json");
        assertThat(r.exitCode()).isZero();
        Instant lastStart = Instant.MIN;
        Instant firstEnd = Instant.MAX;
        for (int i = 0; i < n; i++) {
            Instant started = r.time("action.started", "A" + i);
            Instant ended = r.time("action.finished", "A" + i);
            lastStart = started.isAfter(lastStart) ? started : lastStart;
            firstEnd = ended.isBefore(firstEnd) ? ended : firstEnd;
        }
        assertThat(lastStart).isBefore(firstEnd);
    }

    @Test
    void timeoutEndsTheActionAndItsWholeProcessTree() throws Exception {
        String tag = "gantry-timeout-" + System.nanoTime();
        String yaml = workflow(action("Hang", "", "(exec -a " + tag + "-bg sleep 300 &); exec -a " + tag
                + " sleep 301")).replace("    Inputs:", "    Timeout: 5\n    Inputs:");
        Path wf = repo(dir, yaml);
        long t0 = System.nanoTime();
        RunTestSupport.Result r = run(wf.toString(), "--json", "--timeout-scale", "0.2");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.status("Hang")).isEqualTo("timed out");
        assertThat(processesTagged(tag)).isEmpty();
    }

    @Test
    void dryRunRunsNothing() throws Exception {
        Path marker = dir.resolve("ran");
        Path wf = repo(dir, workflow(action("A", "", "touch " + marker + "; X=1"),
                action("B", "A", "echo ${A.X} ${WorkflowSource.BranchName}"))
                .replace("    Configuration:\n      Steps:\n        - Run: touch",
                        "    Outputs:\n      Variables: [X]\n    Configuration:\n      Steps:\n        - Run: touch"));
        RunTestSupport.Result r = run(wf.toString(), "--dry-run", "--env", "SHOWN=1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(marker).doesNotExist();
        assertThat(dir.resolve(".gantry")).doesNotExist();
        assertThat(r.out()).contains("1. A", "2. B", "after A", "touch " + marker, "echo ${A.X}", "SHOWN=1",
                "CATALYST_DEFAULT_DIR=<workspace>/WorkflowSource");
    }

    @Test
    void dryRunSaysWhereEachActionRunsAndHostOverridesTheImageWithAWarning() throws Exception {
        Path wf = repo(dir, workflow(action("Plain", "", "true"), action("Imaged", "", "true"))
                .replaceFirst("(?s)(  Imaged:.*?    Configuration:\n)",
                        "$1      Container: {Registry: DockerHub, Image: \"node:18\"}\n"));
        assertThat(Files.readString(wf)).contains("Container: {Registry: DockerHub, Image: \"node:18\"}");

        RunTestSupport.Result r = run(wf.toString(), "--dry-run", "--host");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines().filter(l -> l.contains("runs in:")).toList()).hasSize(2)
                .allMatch(l -> l.matches("   runs in: host \\(linux/(amd64|arm64)\\)"));
        assertThat(r.err()).contains("warning: action Imaged declares image node:18 but runs on the host (--host)");

        RunTestSupport.Result bad = run(wf.toString(), "--dry-run", "--image", "laptop");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--image must be host or service, not 'laptop'");
    }

    @Test
    void dryRunWithJsonPrintsThePlanAsOneJsonDocument() throws Exception {
        Path marker = dir.resolve("ran");
        String secret = "json-dry-secret-42";
        Path wf = repo(dir, workflow(action("A", "", "touch " + marker + "; echo ${Secrets.TOKEN}"),
                action("B", "A", "echo b")));
        RunTestSupport.Result r = run(wf.toString(), "--dry-run", "--json", "--secret", "TOKEN=" + secret);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(marker).doesNotExist();
        com.fasterxml.jackson.databind.JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(r.out());
        assertThat(doc.get("workflow").asText()).isNotEmpty();
        assertThat(doc.get("actions")).hasSize(2);
        assertThat(doc.get("actions").get(1).get("id").asText()).isEqualTo("B");
        assertThat(doc.get("actions").get(1).get("dependsOn").get(0).asText()).isEqualTo("A");
        assertThat(doc.get("actions").get(0).get("steps").get(0).asText()).contains("touch " + marker, "***");
        assertThat(r.out()).doesNotContain(secret);
    }

    @Test
    void actionSelectsTargetsAndTheirDependencies() throws Exception {
        Path wf = repo(dir, workflow(action("A", "", "echo a-ran"), action("B", "A", "echo b-ran"),
                action("C", "", "echo c-ran")));
        RunTestSupport.Result r = run(wf.toString(), "--action", "B");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("a-ran", "b-ran").doesNotContain("c-ran");
    }

    @Test
    void usageErrorsExitTwoAndInvalidWorkflowsThree() throws Exception {
        Path wf = repo(dir, workflow(action("A", "", "true")));
        assertThat(run(wf.toString(), "--action", "Nope").exitCode()).isEqualTo(2);
        assertThat(run(wf.toString(), "--concurrency", "0").exitCode()).isEqualTo(2);
        assertThat(run(wf.toString(), "--secret", "novalue").exitCode()).isEqualTo(2);
        assertThat(run(wf.toString(), "--env", "1BAD=x").exitCode()).isEqualTo(2);
        assertThat(run(dir.resolve("missing.yaml").toString()).exitCode()).isEqualTo(2);
        Path bad = repo(dir.resolve("bad"), "Name: t\nSchemaVersion: \"1.0\"\nActions:\n  A:\n    DependsOn: [Nope]\n");
        RunTestSupport.Result r = run(bad.toString());
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("error");
    }

    @Test
    void unsupportedActionsArePlanTimeErrors() throws Exception {
        String yaml = workflow(action("Build", "", "true")) + """
                  Deploy:
                    Identifier: aws/cli@v1
                    DependsOn: [Build]
                    Configuration:
                      Command: deploy
                """;
        Path wf = repo(dir, yaml);
        RunTestSupport.Result r = run(wf.toString());
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("aws/cli").contains("[action-unsupported]");
        assertThat(run(wf.toString(), "--action", "Build").exitCode()).isZero();
    }

    @Test
    void varSetsInputVariablesOfEveryBuildAction() throws Exception {
        String yaml = workflow(action("A", "", "echo \"greeting=$GREETING extra=$EXTRA\""))
                .replace("      Sources: [WorkflowSource]\n", "      Sources: [WorkflowSource]\n      Variables:\n"
                        + "        - Name: GREETING\n          Value: from-workflow\n");
        Path wf = repo(dir, yaml);
        RunTestSupport.Result r = run(wf.toString(), "--var", "GREETING=from-flag",
                "--var", "EXTRA=${WorkflowSource.BranchName}-x");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("greeting=from-flag extra=-x");
        assertThat(run(wf.toString(), "--var", "no-equals").exitCode()).isEqualTo(2);
    }

    @Test
    void aGroupCanBeTheTarget() throws Exception {
        String yaml = """
                Name: t
                SchemaVersion: "1.0"
                Actions:
                  First:
                    Identifier: aws/build@v1
                    Inputs:
                      Sources: [WorkflowSource]
                    Configuration:
                      Steps:
                        - Run: echo first-ran
                  G:
                    DependsOn: [First]
                    Actions:
                      One:
                        Identifier: aws/build@v1
                        Inputs:
                          Sources: [WorkflowSource]
                        Configuration:
                          Steps:
                            - Run: echo one-ran
                  Other:
                    Identifier: aws/build@v1
                    Inputs:
                      Sources: [WorkflowSource]
                    Configuration:
                      Steps:
                        - Run: echo other-ran
                """;
        Path wf = repo(dir, yaml);
        RunTestSupport.Result r = run(wf.toString(), "--action", "G");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("first-ran", "one-ran").doesNotContain("other-ran");
        assertThat(r.out()).contains("G.One");
    }
}
