package dev.gantry.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RunMode queues with overlapping runs, approval gates, cancel and re-run, through the HTTP API of a real server
 * whose repository is a real git repository. Runs are started with POST /api/runs; each holding action waits for a
 * file the test creates, so the overlap is decided by the test, not by timing.
 */
@ExtendWith(TestDatabase.Available.class)
class RunControlTest {
    @TempDir
    static Path tmp;
    private static TestServer server;
    private static ApiClient admin;
    private static ApiClient alice;
    private static ApiClient bob;

    private static String holding(String name, String mode, Path flags) {
        return """
                Name: %s
                SchemaVersion: "1.0"
                RunMode: %s
                Actions:
                  Hold:
                    Identifier: aws/build@v1
                    Inputs:
                      Sources: [WorkflowSource]
                    Configuration:
                      Steps:
                        - Run: touch "%s/%s-entered-$(date +%%s%%N)"; while [ ! -e "%s/%s-release" ]; do sleep 0.05; done
                """.formatted(name, mode, flags, name, flags, name);
    }

    @BeforeAll
    static void start() throws Exception {
        Path flags = Files.createDirectories(tmp.resolve("flags"));
        GitFixture git = new GitFixture(tmp);
        git.write(Map.of(
                ".codecatalyst/workflows/queued.yaml", holding("Queued", "QUEUED", flags),
                ".codecatalyst/workflows/superseded.yaml", holding("Superseded", "SUPERSEDED", flags),
                ".codecatalyst/workflows/parallel.yaml", holding("Parallel", "PARALLEL", flags),
                ".codecatalyst/workflows/gated.yaml", """
                        Name: Gated
                        SchemaVersion: "1.0"
                        RunMode: PARALLEL
                        Actions:
                          Approve:
                            Identifier: aws/approval@v1
                            Configuration:
                              ApprovalsRequired: 2
                          Deploy:
                            Identifier: aws/build@v1
                            DependsOn: [Approve]
                            Inputs:
                              Sources: [WorkflowSource]
                            Configuration:
                              Steps:
                                - Run: echo "deploying with $GREETING"
                        """));
        git.commit("workflows");
        git.push("main");
        server = TestServer.start(tmp.resolve("data"), List.of(TestServer.repository("app", git.bare.toString(), 3600,
                null, null, List.of())), Clock.systemUTC());
        admin = server.admin();
        admin.await("/api/repositories", j -> j.path("repositories").path(0).path("branches").size() == 1, 60);
        alice = admin.as(token("alice", "run"));
        bob = admin.as(token("bob", "run"));
    }

    private static String token(String name, String role) throws Exception {
        ApiClient.Answer a = admin.post("/api/tokens", "{\"name\": \"" + name + "\", \"role\": \"" + role + "\"}");
        assertThat(a.status()).isEqualTo(201);
        return a.json().path("token").asText();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static long startRun(ApiClient as, String workflow, String variables) throws Exception {
        ApiClient.Answer a = as.post("/api/runs", "{\"repository\": \"app\", \"workflow\": \"" + workflow
                + "\", \"branch\": \"main\"" + (variables == null ? "" : ", \"variables\": " + variables) + "}");
        assertThat(a.status()).as(a.body()).isEqualTo(202);
        return a.json().path("id").asLong();
    }

    private static JsonNode awaitRun(long id, String state) throws Exception {
        return admin.await("/api/runs/" + id, j -> j.path("state").asText().equals(state), 120);
    }

    private static JsonNode awaitAction(long id, String action, String state) throws Exception {
        return admin.await("/api/runs/" + id, j -> {
            for (JsonNode a : j.path("actions")) {
                if (a.path("name").asText().equals(action) && a.path("state").asText().equals(state)) {
                    return true;
                }
            }
            return false;
        }, 120);
    }

    private static void release(String workflow) throws Exception {
        Files.createFile(tmp.resolve("flags").resolve(workflow + "-release"));
    }

    private static long millis(JsonNode run, String action, String field) {
        for (JsonNode a : run.path("actions")) {
            if (a.path("name").asText().equals(action)) {
                return Instant.parse(a.path(field).asText()).toEpochMilli();
            }
        }
        throw new AssertionError("no action " + action + " in " + run);
    }

    @Test
    void queuedRunsTakeAnActionOneAfterAnother() throws Exception {
        long first = startRun(alice, "Queued", null);
        awaitAction(first, "Hold", "running");
        long second = startRun(alice, "Queued", null);
        JsonNode waiting = awaitAction(second, "Hold", "queued");
        assertThat(waiting.path("state").asText()).isEqualTo("queued");
        release("Queued");
        JsonNode a = awaitRun(first, "succeeded");
        JsonNode b = awaitRun(second, "succeeded");
        assertThat(millis(b, "Hold", "startedAt")).isGreaterThanOrEqualTo(millis(a, "Hold", "finishedAt"));
    }

    @Test
    void aNewerRunSupersedesTheWaitingOne() throws Exception {
        long first = startRun(alice, "Superseded", null);
        awaitAction(first, "Hold", "running");
        long second = startRun(alice, "Superseded", null);
        awaitAction(second, "Hold", "queued");
        long third = startRun(alice, "Superseded", null);
        JsonNode superseded = awaitRun(second, "superseded");
        assertThat(superseded.path("reason").asText()).contains("superseded");
        release("Superseded");
        awaitRun(first, "succeeded");
        awaitRun(third, "succeeded");
    }

    @Test
    void parallelRunsDoNotWait() throws Exception {
        long first = startRun(alice, "Parallel", null);
        long second = startRun(alice, "Parallel", null);
        awaitAction(first, "Hold", "running");
        awaitAction(second, "Hold", "running");
        release("Parallel");
        awaitRun(first, "succeeded");
        awaitRun(second, "succeeded");
    }

    @Test
    void aGateWaitsForTwoDistinctPeopleThenTheRunGoesOn() throws Exception {
        long id = startRun(alice, "Gated", "{\"GREETING\": \"hello\"}");
        admin.await("/api/runs/" + id, j -> j.path("waitingAtGates").toString().contains("Approve"), 120);
        ApiClient.Answer first = alice.post("/api/runs/" + id + "/approvals/Approve", "{\"decision\": \"approve\"}");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().path("approvalsStillNeeded").asInt()).isEqualTo(1);
        ApiClient.Answer again = alice.post("/api/runs/" + id + "/approvals/Approve", "{}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("error").path("reason").asText()).contains("each person counts once");
        assertThat(bob.post("/api/runs/" + id + "/approvals/Approve", "{\"decision\": \"approve\", "
                + "\"comment\": \"ship it\"}").status()).isEqualTo(200);
        JsonNode run = awaitRun(id, "succeeded");
        assertThat(run.path("actions").get(0).path("approvals")).hasSize(2);
        assertThat(run.path("variables").path("GREETING").asText()).isEqualTo("hello");
        assertThat(admin.get("/api/runs/" + id + "/logs/Deploy").body()).contains("deploying with hello");

        // re-run: same commit and variables, a new id
        ApiClient.Answer rerun = alice.post("/api/runs/" + id + "/rerun", "");
        assertThat(rerun.status()).isEqualTo(202);
        long again2 = rerun.json().path("id").asLong();
        assertThat(again2).isNotEqualTo(id);
        JsonNode r2 = admin.get("/api/runs/" + again2).json();
        assertThat(r2.path("commit").asText()).isEqualTo(run.path("commit").asText());
        assertThat(r2.path("rerunOf").asLong()).isEqualTo(id);
        assertThat(r2.path("variables").path("GREETING").asText()).isEqualTo("hello");
        assertThat(r2.path("trigger").path("type").asText()).isEqualTo("RERUN");
        // one rejection stops it at the gate
        admin.await("/api/runs/" + again2, j -> j.path("waitingAtGates").toString().contains("Approve"), 120);
        assertThat(bob.post("/api/runs/" + again2 + "/approvals/Approve", "{\"decision\": \"reject\", "
                + "\"comment\": \"not today\"}").status()).isEqualTo(200);
        JsonNode rejected = awaitRun(again2, "stopped");
        assertThat(rejected.path("reason").asText()).contains("rejected by bob");
        assertThat(rejected.path("actions").get(1).path("state").asText()).isEqualTo("skipped");
    }

    @Test
    void cancellingARunStopsItsStepsAndRecordsStopped() throws Exception {
        long id = startRun(alice, "Parallel", null);
        awaitAction(id, "Hold", "running");
        ApiClient.Answer cancel = alice.post("/api/runs/" + id + "/cancel", "");
        assertThat(cancel.status()).isEqualTo(202);
        JsonNode run = awaitRun(id, "stopped");
        assertThat(run.path("reason").asText()).isEqualTo("stopped by alice");
        assertThat(alice.post("/api/runs/" + id + "/cancel", "").status()).isEqualTo(409);
        assertThat(server.log()).contains("run " + id + " finished: stopped");
    }
}
