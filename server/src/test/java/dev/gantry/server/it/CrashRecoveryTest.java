package dev.gantry.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash safety and clean stops, for real: the server runs in a process of its own ({@link ServerProcessMain}); the
 * test kills it with SIGKILL ({@code kill -9}) in the middle of runs, or stops it with SIGTERM, then starts it again.
 */
@ExtendWith(TestDatabase.Available.class)
class CrashRecoveryTest {
    @TempDir
    Path tmp;
    private Path data;
    private Path flags;
    private GitFixture git;
    private TestDatabase database;
    private ServerProcess servers;

    @BeforeEach
    void repository() throws Exception {
        database = TestDatabase.create();
        data = tmp.resolve("data");
        flags = Files.createDirectories(tmp.resolve("flags"));
        git = new GitFixture(tmp);
        git.write(Map.of(".codecatalyst/workflows/queued.yaml", """
                Name: Queued
                SchemaVersion: "1.0"
                Actions:
                  Hold:
                    Identifier: aws/build@v1
                    Inputs:
                      Sources: [WorkflowSource]
                    Configuration:
                      Steps:
                        - Run: echo $$ >> "%1$s/pids"; while [ ! -e "%1$s/release" ]; do sleep 0.05; done; echo held
                """.formatted(flags)));
        git.commit("workflow");
        git.push("main");
        servers = new ServerProcess(tmp, data, git.bare, database, List.of());
    }

    @AfterEach
    void stopAll() throws Exception {
        if (servers != null) {
            servers.close();
        }
        if (database != null) {
            database.close();
        }
    }

    private ApiClient startServer() throws Exception {
        return servers.start();
    }

    /**
     * Whether process {@code pid} has ended within {@code limit}. A killed process whose new parent (PID 1 here, after
     * the server's {@code kill -9}) has not reaped it yet is a zombie: {@link ProcessHandle#isAlive} still says true,
     * but it runs nothing, so it counts as ended.
     */
    private static boolean endsWithin(long pid, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        do {
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == false || zombie(pid)) {
                return true;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return false;
    }

    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (Exception e) {
            return !Files.exists(Path.of("/proc/" + pid)); // gone between the two looks
        }
    }

    private String log() throws Exception {
        return servers.log();
    }

    private static long start(ApiClient api) throws Exception {
        ApiClient.Answer a = api.post("/api/runs", "{\"repository\": \"app\", \"workflow\": \"Queued\"}");
        assertThat(a.status()).as(a.body()).isEqualTo(202);
        return a.json().path("id").asLong();
    }

    private static JsonNode await(ApiClient api, long id, String state) throws Exception {
        return api.await("/api/runs/" + id, j -> j.path("state").asText().equals(state), 120);
    }

    @Test
    void killMinus9ThenRestartLosesNothingAbandonsWhatRanAndStartsWhatWasQueued() throws Exception {
        ApiClient api = startServer();
        // a run that finished before the crash
        Files.createFile(flags.resolve("release"));
        long done = start(api);
        await(api, done, "succeeded");
        Files.delete(flags.resolve("release"));
        Files.deleteIfExists(flags.resolve("pids"));
        // one run holding the action, one queued behind it
        long running = start(api);
        api.await("/api/runs/" + running, j -> j.path("actions").path(0).path("state").asText().equals("running"), 120);
        long queued = start(api);
        api.await("/api/runs/" + queued, j -> j.path("actions").path(0).path("state").asText().equals("queued"), 120);
        long stepPid = Long.parseLong(Files.readAllLines(flags.resolve("pids")).get(0).strip());
        assertThat(ProcessHandle.of(stepPid)).isPresent();

        servers.kill(); // SIGKILL
        Thread.sleep(2_000);
        boolean survived = ProcessHandle.of(stepPid).map(ProcessHandle::isAlive).orElse(false);
        // a half-written record left behind must not break start-up
        Files.createDirectories(data.resolve("runs").resolve("9999"));
        Files.writeString(data.resolve("runs").resolve("9999").resolve("run.json"), "{\"runId\": \"9999\", \"stat");

        assertThat(survived).as("the step outlives the killed server until the next start").isTrue();
        ApiClient again = startServer();
        JsonNode abandoned = await(again, running, "abandoned");
        assertThat(abandoned.path("actions").get(0).path("state").asText()).isEqualTo("abandoned");
        assertThat(endsWithin(stepPid, Duration.ofSeconds(30)))
                .as("the step process of the abandoned run is gone").isTrue();
        assertThat(log()).contains("step process(es) left by a server that stopped without ending them");
        Files.createFile(flags.resolve("release"));
        JsonNode restarted = await(again, queued, "succeeded");
        assertThat(again.get("/api/runs/" + queued + "/logs/Hold").body()).contains("held");
        JsonNode before = again.get("/api/runs/" + done).json();
        assertThat(before.path("state").asText()).isEqualTo("succeeded");
        assertThat(again.get("/api/runs/" + done + "/logs/Hold").body()).contains("held");
        assertThat(restarted.path("commit").asText()).isEqualTo(before.path("commit").asText());
        assertThat(log()).contains("run " + running + " abandoned").contains("run " + queued
                + " was queued when the server stopped");
    }

    @Test
    void sigtermStopsRunningRunsAsStoppedAndKeepsQueuedOnesQueued() throws Exception {
        ApiClient api = startServer();
        long running = start(api);
        api.await("/api/runs/" + running, j -> j.path("actions").path(0).path("state").asText().equals("running"), 120);
        long queued = start(api);
        api.await("/api/runs/" + queued, j -> j.path("actions").path(0).path("state").asText().equals("queued"), 120);
        long stepPid = Long.parseLong(Files.readAllLines(flags.resolve("pids")).get(0).strip());

        Process server = servers.current();
        server.destroy(); // SIGTERM
        assertThat(server.waitFor(90, TimeUnit.SECONDS)).as(log()).isTrue();
        assertThat(endsWithin(stepPid, Duration.ofSeconds(30))).as("the step process is gone").isTrue();

        Files.createFile(flags.resolve("release"));
        ApiClient again = startServer();
        JsonNode stopped = await(again, running, "stopped");
        assertThat(stopped.path("reason").asText()).isEqualTo("the server shut down");
        await(again, queued, "succeeded");
    }
}
