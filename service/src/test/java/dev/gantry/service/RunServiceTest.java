package dev.gantry.service;

import dev.gantry.actions.approval.Approver;
import dev.gantry.dsl.config.ConfigLoader;
import dev.gantry.dsl.config.LoadedConfig;
import dev.gantry.engine.config.GantryConfig;
import dev.gantry.engine.diagnostic.Diagnostic;
import dev.gantry.engine.run.ActionEntry;
import dev.gantry.engine.run.ActionStatus;
import dev.gantry.engine.run.RunEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The run service on real bash (the local runner) and real files. */
class RunServiceTest {
    @TempDir
    Path repo;

    private Path workflow(String name, String yaml) throws Exception {
        Path file = repo.resolve(".codecatalyst/workflows/" + name + ".yaml");
        Files.createDirectories(file.getParent());
        return Files.writeString(file, yaml);
    }

    private static String build(String name, String dependsOn, String... steps) {
        StringBuilder sb = new StringBuilder("  " + name + ":\n    Identifier: aws/build@v1\n");
        if (dependsOn != null) {
            sb.append("    DependsOn: [").append(dependsOn).append("]\n");
        }
        sb.append("    Inputs: {Sources: [WorkflowSource]}\n    Configuration:\n      Steps:\n");
        for (String s : steps) {
            sb.append("        - Run: ").append(s).append('\n');
        }
        return sb.toString();
    }

    private GantryConfig config(String yaml) {
        LoadedConfig loaded = new ConfigLoader(repo.resolve("home")).parse(yaml, "gantry.yaml", repo);
        assertThat(loaded.diagnostics()).isEmpty();
        return loaded.config();
    }

    private RunService service(GantryConfig config) {
        return RunService.forThisMachine(config, System.getenv());
    }

    @Test
    void runsAWorkflowAndReportsEveryEventAndTheRecords() throws Exception {
        Path file = workflow("ok", "Name: ok\nSchemaVersion: \"1.0\"\nActions:\n"
                + build("A", null, "echo hello from A") + build("B", "A", "test \"$GREETING\" = hi"));
        List<RunEvent> events = Collections.synchronizedList(new ArrayList<>());
        List<String> whileRunning = new ArrayList<>();
        try (RunService service = service(GantryConfig.EMPTY)) {
            RunHandle handle = service.start(RunRequest.builder(file).variables(Map.of("GREETING", "hi"))
                    .runId("run-1").build(), e -> {
                        events.add(e);
                        if (e instanceof RunEvent.RunStarted) { // the records are written before the listeners
                            try {
                                whileRunning.add(Files.readString(repo.resolve(".gantry/runs/run-1/run.json")));
                            } catch (java.io.IOException ex) {
                                throw new java.io.UncheckedIOException(ex);
                            }
                        }
                    });
            RunResult result = handle.await();
            assertThat(result.outcome()).as(result.report().toString()).isEqualTo(RunResult.Outcome.SUCCEEDED);
            assertThat(result.runDirectory()).isEqualTo(repo.resolve(".gantry/runs/run-1"));
            assertThat(Files.readString(result.runDirectory().resolve("run.json")))
                    .contains("\"status\": \"succeeded\"");
            assertThat(whileRunning).singleElement().satisfies(json -> assertThat(json)
                    .contains("\"status\": \"running\"", "\"pid\": " + ProcessHandle.current().pid()));
            assertThat(Files.readString(result.runDirectory().resolve("logs/A.log"))).contains("hello from A");
        }
        assertThat(events).first().isInstanceOf(RunEvent.RunStarted.class);
        assertThat(events).last().isInstanceOf(RunEvent.RunFinished.class);
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(RunEvent.LogLine.class,
                l -> assertThat(l.text()).isEqualTo("hello from A")));
    }

    @Test
    void aServerGivesTheSourceFolderItsRevisionTheRunIdAndTheRecordsFolder() throws Exception {
        Path checkout = Files.createDirectories(repo.resolve("checkouts/abc123"));
        Files.writeString(checkout.resolve("data.txt"), "from the commit\n");
        Path file = Files.createDirectories(checkout.resolve(".codecatalyst/workflows")).resolve("s.yaml");
        Files.writeString(file, "Name: s\nSchemaVersion: \"1.0\"\nActions:\n"
                + build("A", null, "cat data.txt", "echo \"commit ${WorkflowSource.CommitId} on ${WorkflowSource.BranchName}\""));
        Path data = repo.resolve("data/runs");
        try (RunService service = service(GantryConfig.EMPTY)) {
            RunResult r = service.start(RunRequest.builder(file).sourceRoot(checkout)
                    .revision(new RunRequest.Revision("abc123", "main")).runId("42").recordsFolder(data).build())
                    .await();
            assertThat(r.outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);
            assertThat(r.runDirectory()).isEqualTo(data.resolve("42"));
            assertThat(Files.readString(data.resolve("42/logs/A.log")))
                    .contains("from the commit", "commit abc123 on main");
        }
        assertThat(checkout.resolve(".gantry")).doesNotExist();
    }

    @Test
    void aMaterializedSourceIsEveryFileInItEvenInsideAWorkTreeThatIgnoresIt() throws Exception {
        // a server's data folder inside a repository that ignores it (gantry serve's default is .gantry/server)
        assertThat(new ProcessBuilder("git", "init", "-q", repo.toString()).start().waitFor()).isZero();
        Files.writeString(repo.resolve(".gitignore"), "data/\n");
        Path checkout = Files.createDirectories(repo.resolve("data/workspaces/7"));
        Files.writeString(checkout.resolve("data.txt"), "from the commit\n");
        Path file = Files.createDirectories(checkout.resolve(".codecatalyst/workflows")).resolve("s.yaml");
        Files.writeString(file, "Name: s\nSchemaVersion: \"1.0\"\nActions:\n" + build("A", null, "cat data.txt"));
        try (RunService service = service(GantryConfig.EMPTY)) {
            RunResult r = service.start(RunRequest.builder(file).sourceRoot(checkout)
                    .revision(new RunRequest.Revision("abc123", "main")).runId("7")
                    .recordsFolder(repo.resolve("data/runs")).build()).await();
            assertThat(r.outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);
            assertThat(Files.readString(repo.resolve("data/runs/7/logs/A.log"))).contains("from the commit");
        }
    }

    @Test
    void aRunIdIsOneFolderNameUsedOnce() throws Exception {
        Path file = workflow("id", "Name: id\nSchemaVersion: \"1.0\"\nActions:\n" + build("A", null, "true"));
        try (RunService service = service(GantryConfig.EMPTY)) {
            assertThat(service.start(RunRequest.builder(file).runId("../../escape").build()).await().outcome())
                    .isEqualTo(RunResult.Outcome.REFUSED);
            assertThat(service.start(RunRequest.builder(file).runId("7").build()).await().outcome())
                    .isEqualTo(RunResult.Outcome.SUCCEEDED);
            RunResult again = service.start(RunRequest.builder(file).runId("7").build()).await();
            assertThat(again.outcome()).isEqualTo(RunResult.Outcome.REFUSED);
            assertThat(again.diagnostics()).singleElement().satisfies(d -> assertThat(d.rule()).isEqualTo("run-id"));
        }
        assertThat(repo.resolve(".gantry/escape")).doesNotExist();
    }

    @Test
    void variablesAreValidatedLikeTheFilesOwn() throws Exception {
        Path file = workflow("vars", "Name: vars\nSchemaVersion: \"1.0\"\nActions:\n" + build("A", null, "true"));
        try (RunService service = service(GantryConfig.EMPTY)) {
            Planning p = service.plan(RunRequest.builder(file)
                    .variables(Map.of("X", "${Nope.missing}")).build());
            assertThat(p).isInstanceOfSatisfying(Planning.Refused.class, r -> {
                assertThat(r.outcome()).isEqualTo(RunResult.Outcome.INVALID_WORKFLOW);
                assertThat(r.diagnostics()).extracting(Diagnostic::message)
                        .anySatisfy(m -> assertThat(m).contains("Nope"));
            });
        }
    }

    @Test
    void everyPlanTimeProblemIsADiagnosticWithItsPosition() throws Exception {
        Path file = workflow("bad", "Name: bad\nSchemaVersion: \"1.0\"\nActions:\n"
                + build("A", null, "echo ${Secrets.TOKEN}")
                + "  Deploy:\n    Identifier: aws/ecs-deploy@v1\n    Inputs: {Sources: [WorkflowSource]}\n"
                + "    Configuration: {cluster: c}\n");
        try (RunService service = service(GantryConfig.EMPTY)) {
            RunResult r = service.start(RunRequest.builder(file).build()).await();
            assertThat(r.outcome()).isEqualTo(RunResult.Outcome.INVALID_WORKFLOW);
            assertThat(r.ran()).isFalse();
            assertThat(r.diagnostics()).filteredOn(d -> d.rule().equals("secret-missing")).singleElement()
                    .satisfies(d -> assertThat(d.position().line()).isEqualTo(9));
            // aws/ecs-deploy runs, but not without its required service: a configuration problem at Configuration
            assertThat(r.diagnostics()).filteredOn(d -> d.rule().equals("action-configuration")).singleElement()
                    .satisfies(d -> assertThat(d.message()).contains("input parameter 'service' is required"))
                    .satisfies(d -> assertThat(d.position().line()).isEqualTo(13));
        }
    }

    @Test
    void aBadSecretsFileIsRefusedWithItsLine() throws Exception {
        Path file = workflow("s", "Name: s\nSchemaVersion: \"1.0\"\nActions:\n" + build("A", null, "true"));
        Path secrets = Files.writeString(repo.resolve("bad.env"), "OK=1\nbroken line\n");
        try (RunService service = service(GantryConfig.EMPTY)) {
            Planning p = service.plan(RunRequest.builder(file).secretsFile(secrets).build());
            assertThat(p).isInstanceOfSatisfying(Planning.Refused.class, r -> {
                assertThat(r.outcome()).isEqualTo(RunResult.Outcome.REFUSED);
                assertThat(r.diagnostics()).last().satisfies(d -> assertThat(d.format())
                        .startsWith(secrets + ":2:1: error: expected NAME=VALUE"));
            });
        }
    }

    @Test
    void twoRunsOfOneServiceNeverExceedARunnersCapacityTogether() throws Exception {
        Path file = workflow("pair", "Name: pair\nSchemaVersion: \"1.0\"\nActions:\n"
                + build("A", null, "sleep 0.3") + build("B", null, "sleep 0.3"));
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        dev.gantry.engine.run.RunListener count = e -> {
            if (e instanceof RunEvent.ActionStarted) {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
            } else if (e instanceof RunEvent.ActionFinished) {
                running.decrementAndGet();
            }
        };
        try (RunService service = service(config("runners:\n  - {name: one, kind: local, capacity: 1}\n"))) {
            RunHandle first = service.start(RunRequest.builder(file).runId("r1").build(), count);
            RunHandle second = service.start(RunRequest.builder(file).runId("r2").build(), count);
            assertThat(first.await().outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);
            assertThat(second.await().outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);
        }
        assertThat(most.get()).isEqualTo(1);
    }

    @Test
    void anEntryHookHoldsAnActionAndCanSkipIt() throws Exception {
        Path file = workflow("held", "Name: held\nSchemaVersion: \"1.0\"\nActions:\n"
                + build("A", null, "true") + build("B", "A", "true"));
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ActionEntry queue = request -> {
            if (request.actionId().equals("A")) {
                asked.countDown();
                release.await();
                return ActionEntry.Decision.START;
            }
            return ActionEntry.Decision.skip("superseded by a newer run");
        };
        try (RunService service = service(GantryConfig.EMPTY)) {
            RunHandle handle = service.start(RunRequest.builder(file).entry(queue).build());
            assertThat(asked.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(handle.result()).isNotDone();
            release.countDown();
            RunResult r = handle.await();
            assertThat(r.report().actions()).extracting(a -> a.status())
                    .containsExactly(ActionStatus.SUCCEEDED, ActionStatus.SKIPPED);
            assertThat(r.report().actions().get(1).message()).isEqualTo("superseded by a newer run");
        }
    }

    @Test
    void anApprovalGateAsksTheRequestsApprover() throws Exception {
        Path file = workflow("gate", "Name: gate\nSchemaVersion: \"1.0\"\nActions:\n"
                + "  Approve:\n    Identifier: aws/approval@v1\n    Configuration: {ApprovalsRequired: 1}\n"
                + build("A", "Approve", "true"));
        try (RunService service = service(GantryConfig.EMPTY)) {
            RunResult r = service.start(RunRequest.builder(file)
                    .approver(req -> new Approver.Decision(false, "rejected by alice")).build()).await();
            assertThat(r.outcome()).isEqualTo(RunResult.Outcome.FAILED);
            assertThat(r.report().actions().get(0).message()).contains("rejected by alice");
            assertThat(r.report().actions().get(1).status()).isEqualTo(ActionStatus.SKIPPED);
        }
    }

    @Test
    void cancellingEndsTheRunAsInterrupted() throws Exception {
        Path file = workflow("long", "Name: long\nSchemaVersion: \"1.0\"\nActions:\n" + build("A", null, "sleep 60"));
        try (RunService service = service(GantryConfig.EMPTY)) {
            CountDownLatch stepped = new CountDownLatch(1);
            RunHandle handle = service.start(RunRequest.builder(file).build(), e -> {
                if (e instanceof RunEvent.StepStarted) {
                    stepped.countDown();
                }
            });
            assertThat(stepped.await(30, TimeUnit.SECONDS)).isTrue();
            handle.cancel();
            assertThat(handle.result().get(30, TimeUnit.SECONDS).outcome())
                    .isEqualTo(RunResult.Outcome.INTERRUPTED);
        }
    }
    @Test
    void anActionWithAnImageAndNoDockerEngineIsRefusedBeforeAnythingRunsUnlessOnHost() throws Exception {
        Path file = workflow("img", "Name: img\nSchemaVersion: \"1.0\"\nActions:\n"
                + "  InImage:\n    Identifier: aws/build@v1\n    Inputs: {Sources: [WorkflowSource]}\n"
                + "    Configuration:\n      Container: {Registry: DockerHub, Image: \"node:18\"}\n"
                + "      Steps:\n        - Run: echo on the host\n");
        Map<String, String> noEngine = new java.util.HashMap<>(System.getenv());
        noEngine.put("DOCKER_HOST", "unix://" + repo.resolve("no-docker.sock"));
        try (RunService service = RunService.forThisMachine(GantryConfig.EMPTY, noEngine)) {
            Planning p = service.plan(RunRequest.builder(file).build());
            assertThat(p).isInstanceOfSatisfying(Planning.Refused.class, r -> assertThat(r.diagnostics())
                    .filteredOn(d -> d.rule().equals("image-engine")).singleElement().satisfies(d -> assertThat(
                            d.message()).startsWith("action InImage runs in image node:18 (Configuration.Container), "
                            + "but ").endsWith(": start Docker, or run with --host to run it on this machine anyway")));
        }
        GantryConfig onHost = config("images: {withoutContainer: host}\n");
        onHost = new GantryConfig(Map.of(), null, List.of(), null, null, null, Map.of(),
                new dev.gantry.engine.config.ImagesConfig(null, Map.of(), true, null)).overriddenBy(onHost);
        try (RunService service = RunService.forThisMachine(onHost, noEngine)) {
            RunResult result = service.start(RunRequest.builder(file).build()).await();
            assertThat(result.outcome()).isEqualTo(RunResult.Outcome.SUCCEEDED);
            assertThat(result.diagnostics()).filteredOn(d -> d.rule().equals("image-host")).singleElement()
                    .satisfies(d -> assertThat(d.message()).isEqualTo("action InImage declares image node:18 but "
                            + "runs on the host (--host): its tools are this machine's"));
        }
    }
}
