package dev.gantry.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.server.latency.StartPhase;
import dev.gantry.server.latency.StartTimes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The vertical slice, all real: {@code git push} to a bare repository whose {@code post-receive} hook (the one in
 * {@code examples/post-receive}) calls a running server; the matching workflow runs on the pushed commit and the
 * run, its actions and its log are in the API.
 */
@ExtendWith(TestDatabase.Available.class)
class PushToRunTest {
    @TempDir
    Path tmp;
    private TestServer server;
    private GitFixture git;

    @BeforeEach
    void start() throws Exception {
        git = new GitFixture(tmp);
        git.write(Map.of(".codecatalyst/workflows/build.yaml", """
                Name: Build
                SchemaVersion: "1.0"
                Triggers:
                  - Type: PUSH
                    Branches: [main]
                Actions:
                  Compile:
                    Identifier: aws/build@v1
                    Inputs:
                      Sources: [WorkflowSource]
                    Configuration:
                      Steps:
                        - Run: echo "compiling $(cat VERSION) at ${WorkflowSource.CommitId} on ${WorkflowSource.BranchName}"
                  Test:
                    Identifier: aws/build@v1
                    DependsOn: [Compile]
                    Inputs:
                      Sources: [WorkflowSource]
                    Configuration:
                      Steps:
                        - Run: test -f VERSION
                """, "VERSION", "1\n"));
        git.commit("first");
        git.push("main");
        Path token = tmp.resolve("hook.token");
        Files.writeString(token, "s3cret-hook-token\n");
        server = TestServer.start(tmp.resolve("data"), List.of(TestServer.repository("app", git.bare.toString(),
                null, "generic", token, List.of())), Clock.systemUTC(), true);
        git.installHook(Path.of("..", "examples", "post-receive", "post-receive").toAbsolutePath().normalize(),
                "http://127.0.0.1:" + server.port() + "/api/webhooks/app", token);
        server.admin().await("/api/repositories", j -> j.path("repositories").path(0).path("branches").size() == 1,
                60);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aPushRunsTheMatchingWorkflowOnThePushedCommit() throws Exception {
        git.write(Map.of("VERSION", "2\n"));
        String commit = git.commit("second");
        git.push("main");

        ApiClient api = server.admin();
        JsonNode list = api.await("/api/runs", j -> j.path("runs").size() == 1
                && j.path("runs").get(0).path("state").asText().equals("succeeded"), 120);
        JsonNode summary = list.path("runs").get(0);
        assertThat(summary.path("commit").asText()).isEqualTo(commit);
        assertThat(summary.path("branch").asText()).isEqualTo("main");
        assertThat(summary.path("trigger").path("type").asText()).isEqualTo("PUSH");

        JsonNode run = api.get("/api/runs/" + summary.path("id").asLong()).json();
        assertThat(run.path("actions")).extracting(a -> a.path("name").asText() + "=" + a.path("state").asText())
                .containsExactly("Compile=succeeded", "Test=succeeded");
        assertThat(run.path("edges").get(0).path("from").asText()).isEqualTo("Compile");
        assertThat(run.path("actions").get(0).path("runner").asText()).isNotEmpty();
        assertThat(run.path("actions").get(0).path("steps").get(0).path("exitCode").asInt()).isZero();

        String log = api.get("/api/runs/" + summary.path("id").asLong() + "/logs/Compile").body();
        assertThat(log).contains("compiling 2 at " + commit + " on main");
        assertThat(server.log()).contains("run 1 queued: app/Build on main").contains("run 1 finished: succeeded");
        assertThat(Files.exists(server.data.resolve("workspaces").resolve("1"))).isFalse();

        // where the time went, phase by phase, from the hook's call to the first step
        StartTimes times = server.server.startLatencies().recent().stream().filter(t -> t.commit().equals(commit))
                .findFirst().orElseThrow();
        assertThat(times.trigger()).isEqualTo("webhook");
        assertThat(times.runId()).isEqualTo(summary.path("id").asLong());
        assertThat(times.sinceOrigin().keySet()).containsExactlyInAnyOrder(StartPhase.values());
        Duration previous = Duration.ZERO;
        for (StartPhase p : StartPhase.values()) {
            assertThat(times.sinceOrigin().get(p)).as(p.label()).isGreaterThanOrEqualTo(previous);
            previous = times.sinceOrigin().get(p);
        }
        assertThat(api.get("/metrics").body()).contains("gantry_start_latency_seconds_count{trigger=\"webhook\"} 1")
                .contains("gantry_start_phase_seconds_count{phase=\"fetched\",trigger=\"webhook\"} 1");

        // anonymous read is switched on for this server: reading needs no token, starting a run does
        ApiClient anonymous = api.as(null);
        assertThat(anonymous.get("/api/runs/" + summary.path("id").asLong()).status()).isEqualTo(200);
        assertThat(anonymous.post("/api/runs/" + summary.path("id").asLong() + "/rerun", "").status()).isEqualTo(401);
    }
}
