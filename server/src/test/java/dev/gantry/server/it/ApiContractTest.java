package dev.gantry.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every API client relies on, against a running server: tokens and roles, JSON errors with a reason (never a
 * stack trace) for unknown ids, malformed JSON, oversized bodies, path traversal and invalid workflows; the live log
 * stream (Server-Sent Events); artifacts; metrics; and that no response carries a secret.
 */
@ExtendWith(TestDatabase.Available.class)
class ApiContractTest {
    @TempDir
    static Path tmp;
    private static TestServer server;
    private static ApiClient admin;
    private static long runId;

    @BeforeAll
    static void start() throws Exception {
        GitFixture git = new GitFixture(tmp);
        git.write(Map.of(
                ".codecatalyst/workflows/build.yaml", """
                        Name: Build
                        SchemaVersion: "1.0"
                        Actions:
                          Make:
                            Identifier: aws/build@v1
                            Inputs:
                              Sources: [WorkflowSource]
                            Outputs:
                              Artifacts:
                                - Name: dist
                                  Files: [out/**/*]
                            Configuration:
                              Steps:
                                - Run: for i in 1 2 3 4 5; do echo "line $i"; sleep 0.2; done
                                - Run: mkdir -p out/sub && echo built > out/sub/app.txt
                        """,
                ".codecatalyst/workflows/broken.yaml", """
                        Name: Broken
                        SchemaVersion: "1.0"
                        Actions:
                          A:
                            Identifier: aws/build@v1
                            DependsOn: [Nowhere]
                            Configuration:
                              Steps:
                                - Run: true
                        """));
        git.commit("workflows");
        git.push("main");
        server = TestServer.start(tmp.resolve("data"), List.of(TestServer.repository("app", git.bare.toString(), 3600,
                null, null, List.of())), Clock.systemUTC());
        admin = server.admin();
        admin.await("/api/repositories", j -> j.path("repositories").path(0).path("branches").size() == 1, 60);
        ApiClient.Answer a = admin.post("/api/runs", "{\"repository\": \"app\", \"workflow\": \"Build\"}");
        assertThat(a.status()).as(a.body()).isEqualTo(202);
        runId = a.json().path("id").asLong();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static void assertError(ApiClient.Answer a, int status, String reasonPart) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        JsonNode error = a.json().path("error");
        assertThat(error.path("status").asInt()).isEqualTo(status);
        assertThat(error.path("reason").asText()).contains(reasonPart);
        assertThat(a.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void tokensAndRolesDecideWhoMayDoWhat() throws Exception {
        ApiClient anonymous = admin.as(null);
        assertError(anonymous.get("/api/runs"), 401, "Authorization: Bearer");
        assertError(admin.as("gantry_not-a-real-token").get("/api/runs"), 401, "not valid");
        ApiClient.Answer created = admin.post("/api/tokens", "{\"name\": \"viewer\", \"role\": \"read\"}");
        assertThat(created.status()).isEqualTo(201);
        ApiClient viewer = admin.as(created.json().path("token").asText());
        assertThat(viewer.get("/api/runs").status()).isEqualTo(200);
        assertError(viewer.post("/api/runs", "{\"repository\": \"app\", \"workflow\": \"Build\"}"), 403,
                "has role read; this needs run");
        assertError(viewer.get("/api/tokens"), 403, "needs admin");
        assertError(admin.post("/api/tokens", "{\"name\": \"viewer\"}"), 409, "exists");
        assertError(admin.post("/api/tokens", "{\"name\": \"x\", \"role\": \"god\"}"), 400, "role must be");
        JsonNode list = admin.get("/api/tokens").json();
        assertThat(list.toString()).doesNotContain(created.json().path("token").asText()).contains("viewer");
        assertThat(admin.send(admin.builder("/api/tokens/viewer").DELETE()).status()).isEqualTo(200);
        assertError(viewer.get("/api/runs"), 401, "not valid");
        String database = server.database.contents(tmp.resolve("data"));
        assertThat(database).doesNotContain(created.json().path("token").asText());
    }

    @Test
    void badRequestsGetAJsonReason() throws Exception {
        assertError(admin.get("/api/runs/999999"), 404, "no run 999999");
        assertError(admin.get("/api/runs/abc"), 404, "positive whole numbers");
        assertError(admin.get("/api/nothing"), 404, "no endpoint");
        assertError(admin.send(admin.builder("/api/runs").DELETE()), 405, "use GET or POST");
        assertError(admin.post("/api/runs", "{\"repository\": "), 400, "not valid JSON");
        assertError(admin.post("/api/runs", "[1, 2]"), 400, "JSON object");
        assertError(admin.post("/api/runs", "{\"repository\": \"app\"}"), 400, "needs \"workflow\"");
        assertError(admin.post("/api/runs", "{\"repository\": \"nope\", \"workflow\": \"Build\"}"), 404,
                "no repository 'nope'");
        assertError(admin.post("/api/runs", "{\"repository\": \"app\", \"workflow\": \"Missing\"}"), 404,
                "there are: ");
        assertError(admin.post("/api/runs", "{\"repository\": \"app\", \"workflow\": \"Build\", \"branch\": \"x\"}"),
                404, "no branch 'x'");
        assertError(admin.post("/api/runs", "{\"repository\": \"app\", \"workflow\": \"Build\", \"variables\": "
                + "{\"bad name\": \"v\"}}"), 400, "variable name");
        assertError(admin.post("/api/runs", "{\"x\": \"" + "a".repeat(2 << 20) + "\"}"), 413, "limit");
        assertError(admin.get("/api/runs?limit=100000"), 400, "limit must be");
        assertError(admin.get("/api/runs?state=exploded"), 400, "unknown state");
        ApiClient.Answer invalid = admin.post("/api/runs", "{\"repository\": \"app\", \"workflow\": \"Broken\"}");
        assertError(invalid, 422, "has errors");
        assertThat(invalid.json().path("error").path("details").toString())
                .contains(".codecatalyst/workflows/broken.yaml:").contains("Nowhere");
        JsonNode workflows = admin.get("/api/repositories/app/workflows").json().path("workflows");
        assertThat(workflows.toString()).contains("\"valid\":false").contains("\"valid\":true");
    }

    @Test
    void pathParametersArrivePercentDecoded() throws Exception {
        // git refuses spaces in branch names, but names in paths (actions, tokens, artifacts) may hold '/' and ' '
        assertError(admin.send(admin.builder("/api/tokens/feature%2Fx%20y").DELETE()), 404,
                "no token named 'feature/x y'");
        assertError(admin.get("/api/runs/" + runId + "/logs/My%20Action"), 404, "no action 'My Action'");
        assertError(admin.get("/api/repositories/feature%2Fx%20y/workflows"), 404, "no repository 'feature/x y'");
        ApiClient.Answer broken = admin.get("/api/runs/" + runId + "/logs/%E2%82"); // not UTF-8
        assertThat(broken.status()).isBetween(400, 404);
        assertThat(broken.json().path("error").path("reason").asText()).isNotBlank();
    }

    @Test
    void theLogStreamFollowsARunningActionAndArtifactsAreServed() throws Exception {
        admin.await("/api/runs/" + runId, j -> j.path("actions").size() > 0, 120);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<Stream<String>> sse = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + server.port() + "/api/runs/" + runId + "/logs/Make")).header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + server.adminToken).timeout(Duration.ofSeconds(120)).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(sse.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<String> lines = sse.body().toList();
        assertThat(lines).contains("data: line 1", "data: line 5", "event: end");
        assertThat(lines.indexOf("data: line 1")).isLessThan(lines.indexOf("data: line 5"));

        admin.await("/api/runs/" + runId, j -> j.path("state").asText().equals("succeeded"), 120);
        JsonNode artifacts = admin.get("/api/runs/" + runId + "/artifacts").json();
        assertThat(artifacts.toString()).contains("dist").contains("app.txt");
        String path = artifacts.path("artifacts").get(0).path("files").get(0).path("path").asText();
        ApiClient.Answer file = admin.get("/api/runs/" + runId + "/artifacts/dist/" + path);
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.body()).isEqualTo("built\n");
        assertError(admin.get("/api/runs/" + runId + "/artifacts/dist/..%2F..%2F..%2Fhistory%2Fgantry.mv.db"), 400,
                "");
        ApiClient.Answer dots = admin.get("/api/runs/" + runId + "/artifacts/dist/a/%2E%2E/%2E%2E/x");
        assertThat(dots.status()).isBetween(400, 404);
        ApiClient.Answer nul = admin.get("/api/runs/" + runId + "/artifacts/dist/app%00.txt");
        assertThat(nul.status()).as(nul.body()).isEqualTo(400);
        assertThat(nul.body()).doesNotContain("Exception", "at dev.gantry");
        assertError(admin.get("/api/runs/" + runId + "/artifacts/dist/nothing.txt"), 404, "no file");
        assertError(admin.get("/api/runs/" + runId + "/logs/Nope"), 404, "no action 'Nope'");
    }

    @Test
    void metricsAndHealthAreServed() throws Exception {
        JsonNode health = admin.as(null).get("/api/health").json();
        assertThat(health.path("status").asText()).isEqualTo("ok");
        assertThat(health.path("database").asText()).isEqualTo(TestDatabase.postgresql() ? "postgresql" : "h2");
        String metrics = admin.get("/metrics").body();
        assertThat(metrics).contains("gantry_runs{state=\"succeeded\"}").contains("gantry_queue_waiting_runs");
    }
}
