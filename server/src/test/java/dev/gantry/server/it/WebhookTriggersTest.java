package dev.gantry.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Triggers through a running server: GitHub webhooks signed with HMAC-SHA256 (push with FilesChanged, a pull request
 * running on its source branch, refusals, a redelivery), and a SCHEDULE fired by moving an injected clock.
 */
@ExtendWith(TestDatabase.Available.class)
class WebhookTriggersTest {
    private static final String SECRET = "webhook-secret-for-tests";
    @TempDir
    static Path tmp;
    private static GitFixture git;
    private static TestServer server;
    private static ApiClient api;
    private static MutableClock clock;

    @BeforeAll
    static void start() throws Exception {
        git = new GitFixture(tmp);
        git.write(Map.of(
                ".codecatalyst/workflows/docs.yaml", """
                        Name: Docs
                        SchemaVersion: "1.0"
                        Triggers:
                          - Type: PUSH
                            Branches: [main]
                            FilesChanged: ['docs/.*']
                        Actions:
                          Publish:
                            Identifier: aws/build@v1
                            Inputs:
                              Sources: [WorkflowSource]
                            Configuration:
                              Steps:
                                - Run: ls docs
                        """,
                ".codecatalyst/workflows/pr.yaml", """
                        Name: PR
                        SchemaVersion: "1.0"
                        Triggers:
                          - Type: PULLREQUEST
                            Branches: [main]
                            Events: [OPEN, REVISION]
                        Actions:
                          Check:
                            Identifier: aws/build@v1
                            Inputs:
                              Sources: [WorkflowSource]
                            Configuration:
                              Steps:
                                - Run: echo "checking $(cat WHERE)"
                        """,
                ".codecatalyst/workflows/nightly.yaml", """
                        Name: Nightly
                        SchemaVersion: "1.0"
                        Triggers:
                          - Type: SCHEDULE
                            Expression: "0 2 * * ? *"
                            Branches: [main]
                        Actions:
                          Night:
                            Identifier: aws/build@v1
                            Inputs:
                              Sources: [WorkflowSource]
                            Configuration:
                              Steps:
                                - Run: echo night
                        """,
                "WHERE", "main\n", "docs/index.md", "# docs\n"));
        git.commit("workflows");
        git.push("main");
        Path secret = tmp.resolve("secret");
        Files.writeString(secret, SECRET + "\n");
        clock = new MutableClock(Instant.parse("2026-12-01T01:59:00Z"));
        server = TestServer.start(tmp.resolve("data"), List.of(TestServer.repository("app", git.bare.toString(), null,
                "github", secret, List.of("main", "feature/.*"))), clock);
        api = server.admin();
        api.await("/api/repositories", j -> j.path("repositories").path(0).path("branches").size() == 1, 60);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static String sign(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    private static ApiClient.Answer github(String event, String delivery, String json, String signature)
            throws Exception {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder b = new ApiClient(server.port(), null).builder("/api/webhooks/app")
                .header("Content-Type", "application/json").header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", delivery)
                .header("X-Hub-Signature-256", signature != null ? signature : sign(body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        return api.send(b);
    }

    /** The payload's repository: the bare repository the server mirrors, as its clone URL. */
    private static String repositoryJson() {
        return """
                {"full_name": "example/app", "clone_url": "%s", "html_url": "https://github.com/example/app"}
                """.formatted(git.bare.toUri());
    }

    private static String pushPayload(String branch, String before, String after) {
        return """
                {"ref": "refs/heads/%s", "before": "%s", "after": "%s", "created": false, "deleted": false,
                 "forced": false, "repository": %s, "pusher": {"name": "dev"}, "commits": []}
                """.formatted(branch, before, after, repositoryJson());
    }

    private static List<JsonNode> runsOf(String workflow) throws Exception {
        JsonNode list = api.get("/api/runs?workflow=" + workflow).json().path("runs");
        return java.util.stream.StreamSupport.stream(list.spliterator(), false).toList();
    }

    @Test
    void aSignedPushRunsOnlyTheWorkflowsWhoseFilesChanged() throws Exception {
        String before = git.commit("nothing");
        git.write(Map.of("src/main.c", "int main;\n"));
        String codeOnly = git.commit("code only");
        git.push("main");
        ApiClient.Answer a = github("push", UUID.randomUUID().toString(), pushPayload("main", before, codeOnly), null);
        assertThat(a.status()).as(a.body()).isEqualTo(202);
        api.await("/api/repositories", j -> j.path("repositories").path(0).path("branches").toString()
                .contains(codeOnly), 60);
        git.write(Map.of("docs/guide.md", "# guide\n"));
        String docs = git.commit("docs");
        git.push("main");
        String delivery = UUID.randomUUID().toString();
        String payload = pushPayload("main", codeOnly, docs);
        assertThat(github("push", delivery, payload, null).status()).isEqualTo(202);
        JsonNode runs = api.await("/api/runs?workflow=Docs", j -> j.path("runs").size() == 1
                && j.path("runs").get(0).path("state").asText().equals("succeeded"), 120);
        assertThat(runs.path("runs").get(0).path("commit").asText()).isEqualTo(docs);
        assertThat(server.log()).contains("Docs not: ");

        ApiClient.Answer again = github("push", delivery, payload, null);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("duplicate").asText()).isEqualTo(delivery);
        assertThat(runsOf("Docs")).hasSize(1);
    }

    @Test
    void aPullRequestRunsTheSourceBranchFiles() throws Exception {
        git.checkoutNew("feature/login");
        git.write(Map.of("WHERE", "feature\n"));
        String head = git.commit("feature work");
        git.push("feature/login");
        git.checkout("main");
        String payload = """
                {"action": "opened", "number": 7,
                 "pull_request": {"number": 7, "draft": false, "merged": false,
                   "head": {"ref": "feature/login", "sha": "%s"}, "base": {"ref": "main", "sha": "%s"}},
                 "repository": %s}
                """.formatted(head, "0".repeat(40), repositoryJson());
        ApiClient.Answer a = github("pull_request", UUID.randomUUID().toString(), payload, null);
        assertThat(a.status()).as(a.body()).isEqualTo(202);
        JsonNode runs = api.await("/api/runs?workflow=PR", j -> j.path("runs").size() == 1
                && j.path("runs").get(0).path("state").asText().equals("succeeded"), 120);
        JsonNode run = runs.path("runs").get(0);
        assertThat(run.path("branch").asText()).isEqualTo("feature/login");
        assertThat(run.path("commit").asText()).isEqualTo(head);
        assertThat(run.path("trigger").path("type").asText()).isEqualTo("PULLREQUEST");
        assertThat(api.get("/api/runs/" + run.path("id").asLong() + "/logs/Check").body()).contains("checking feature");
    }

    @Test
    void badDeliveriesAreRefusedWithAReasonAndStartNothing() throws Exception {
        int before = api.get("/api/runs").json().path("runs").size();
        ApiClient.Answer forged = github("push", "d1", pushPayload("main", "1".repeat(40), "2".repeat(40)),
                "sha256=" + "0".repeat(64));
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.json().path("error").path("reason").asText()).isNotBlank().doesNotContain(SECRET);
        ApiClient.Answer malformed = github("push", "d2", "{\"ref\": ", null);
        assertThat(malformed.status()).isEqualTo(400);
        ApiClient.Answer unknown = api.send(new ApiClient(server.port(), null).builder("/api/webhooks/nope")
                .header("X-GitHub-Event", "push").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("error").path("reason").asText()).contains("no repository 'nope'");
        ApiClient.Answer notKept = github("push", UUID.randomUUID().toString(), pushPayload("wip", "1".repeat(40),
                "2".repeat(40)), null);
        assertThat(notKept.status()).isEqualTo(202);
        assertThat(notKept.json().path("branchesNotKept").toString()).contains("wip");
        ApiClient.Answer gitlab = api.send(new ApiClient(server.port(), null).builder("/api/webhooks/app")
                .header("X-Gitlab-Event", "Push Hook").header("X-Gitlab-Token", SECRET)
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(gitlab.status()).isEqualTo(400);
        assertThat(gitlab.json().path("error").path("reason").asText()).contains("takes github webhooks");
        assertThat(server.log()).contains("webhook refused for repository 'app' (401)")
                .contains("webhook refused for repository 'nope' (404)");
        assertThat(api.get("/api/runs").json().path("runs").size()).isEqualTo(before);
    }

    @Test
    void aScheduleFiresWhenTheClockPassesItsTime() throws Exception {
        server.server.tickSchedules();
        assertThat(runsOf("Nightly")).isEmpty();
        clock.set(Instant.parse("2026-12-01T02:00:30Z"));
        server.server.tickSchedules();
        JsonNode runs = api.await("/api/runs?workflow=Nightly", j -> j.path("runs").size() == 1
                && j.path("runs").get(0).path("state").asText().equals("succeeded"), 120);
        assertThat(runs.path("runs").get(0).path("trigger").path("type").asText()).isEqualTo("SCHEDULE");
        assertThat(runs.path("runs").get(0).path("branch").asText()).isEqualTo("main");
        clock.set(Instant.parse("2026-12-01T03:00:00Z"));
        server.server.tickSchedules();
        assertThat(runsOf("Nightly")).hasSize(1);
    }
}
