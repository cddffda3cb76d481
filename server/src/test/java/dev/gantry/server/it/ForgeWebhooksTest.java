package dev.gantry.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.scm.webhook.WebhookReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GitLab ({@code Push Hook}, {@code Merge Request Hook}, {@code X-Gitlab-Token}) and Gitea/Forgejo
 * ({@code X-Gitea-Signature}, HMAC-SHA256) deliveries end to end: real bare repositories, payloads in each
 * provider's documented shape (written for these tests, naming the bare repository as its clone URL), POSTed over
 * HTTP to a running server. Also: a delivery signed with one repository's secret but naming another starts
 * nothing.
 */
@ExtendWith(TestDatabase.Available.class)
class ForgeWebhooksTest {
    private static final String LAB_TOKEN = "gitlab-token-for-tests";
    private static final String TEA_SECRET = "gitea-secret-for-tests";
    private static final String WORKFLOWS_PUSH = """
            Name: Build
            SchemaVersion: "1.0"
            Triggers:
              - Type: PUSH
                Branches: [main]
            Actions:
              Make:
                Identifier: aws/build@v1
                Inputs:
                  Sources: [WorkflowSource]
                Configuration:
                  Steps:
                    - Run: echo "built $(cat WHERE)"
            """;
    private static final String WORKFLOWS_PR = """
            Name: Review
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
                    - Run: echo "reviewing $(cat WHERE)"
            """;
    @TempDir
    static Path tmp;
    private static GitFixture lab;
    private static GitFixture tea;
    private static TestServer server;
    private static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        lab = repository(tmp.resolve("lab"));
        tea = repository(tmp.resolve("tea"));
        Path labToken = Files.writeString(tmp.resolve("lab.token"), LAB_TOKEN + "\n");
        Path teaSecret = Files.writeString(tmp.resolve("tea.secret"), TEA_SECRET + "\n");
        server = TestServer.start(tmp.resolve("data"), List.of(
                TestServer.repository("lab", lab.bare.toString(), null, "gitlab", labToken, List.of()),
                TestServer.repository("tea", tea.bare.toString(), null, "gitea", teaSecret, List.of())),
                Clock.systemUTC());
        api = server.admin();
        api.await("/api/repositories", j -> j.path("repositories").path(0).path("branches").size() == 1
                && j.path("repositories").path(1).path("branches").size() == 1, 60);
    }

    private static GitFixture repository(Path root) throws Exception {
        Files.createDirectories(root);
        GitFixture git = new GitFixture(root);
        git.write(Map.of(".codecatalyst/workflows/build.yaml", WORKFLOWS_PUSH,
                ".codecatalyst/workflows/review.yaml", WORKFLOWS_PR, "WHERE", "main\n"));
        git.commit("workflows");
        git.push("main");
        return git;
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    // ---- payloads, in the shape GitLab and Gitea document (the fields Gantry reads, and some it does not) ----

    private static String gitlabProject(GitFixture git, String pathWithNamespace) {
        return """
                {"id": 15, "name": "app", "web_url": "https://gitlab.example.com/%1$s", "namespace": "group",
                 "git_ssh_url": "git@gitlab.example.com:%1$s.git", "git_http_url": "%2$s",
                 "path_with_namespace": "%1$s", "default_branch": "main"}
                """.formatted(pathWithNamespace, git.bare.toUri());
    }

    private static String gitlabPush(String project, String before, String after) {
        return """
                {"object_kind": "push", "event_name": "push", "before": "%s", "after": "%s",
                 "ref": "refs/heads/main", "checkout_sha": "%2$s", "user_name": "Dev", "user_username": "dev",
                 "project_id": 15, "project": %s, "commits": [], "total_commits_count": 1}
                """.formatted(before, after, project);
    }

    private static String gitlabMergeRequest(String project, String source, String head) {
        return """
                {"object_kind": "merge_request", "event_type": "merge_request", "user": {"username": "dev"},
                 "project": %s,
                 "object_attributes": {"iid": 3, "action": "open", "state": "opened", "draft": false,
                   "source_branch": "%s", "target_branch": "main", "last_commit": {"id": "%s"}},
                 "changes": {}}
                """.formatted(project, source, head);
    }

    private static String giteaRepository(GitFixture git, String fullName) {
        return """
                {"id": 140, "name": "app", "full_name": "%1$s", "html_url": "https://gitea.example.com/%1$s",
                 "ssh_url": "git@gitea.example.com:%1$s.git", "clone_url": "%2$s", "default_branch": "main"}
                """.formatted(fullName, git.bare.toUri());
    }

    private static String giteaPush(String repository, String before, String after) {
        return """
                {"ref": "refs/heads/main", "before": "%s", "after": "%s",
                 "compare_url": "https://gitea.example.com/team/app/compare/%1$s...%2$s", "commits": [],
                 "repository": %s, "pusher": {"login": "dev"}, "sender": {"login": "dev"}}
                """.formatted(before, after, repository);
    }

    private static String giteaPullRequest(String repository, String source, String head) {
        return """
                {"action": "opened", "number": 5,
                 "pull_request": {"number": 5, "state": "open", "merged": false,
                   "head": {"ref": "%s", "sha": "%s"}, "base": {"ref": "main", "sha": "%s"}},
                 "repository": %s, "sender": {"login": "dev"}}
                """.formatted(source, head, "0".repeat(40), repository);
    }

    private static ApiClient.Answer gitlab(String repo, String event, String token, String uuid, String json)
            throws Exception {
        HttpRequest.Builder b = new ApiClient(server.port(), null).builder("/api/webhooks/" + repo)
                .header("Content-Type", "application/json").header("X-Gitlab-Event", event)
                .header("X-Gitlab-Event-UUID", uuid).header("X-Gitlab-Token", token)
                .POST(HttpRequest.BodyPublishers.ofString(json));
        return api.send(b);
    }

    private static ApiClient.Answer gitea(String repo, String event, String secret, String delivery, String json)
            throws Exception {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder b = new ApiClient(server.port(), null).builder("/api/webhooks/" + repo)
                .header("Content-Type", "application/json").header("X-Gitea-Event", event)
                .header("X-GitHub-Event", event).header("X-Gitea-Delivery", delivery)
                .header("X-Gitea-Signature", WebhookReader.hmacSha256(secret, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        return api.send(b);
    }

    private static JsonNode awaitRun(String repo, String workflow, int count) throws Exception {
        return api.await("/api/runs?repository=" + repo + "&workflow=" + workflow, j -> j.path("runs").size() == count
                && j.path("runs").get(0).path("state").asText().equals("succeeded"), 120).path("runs").get(0);
    }

    private static int runs(String repo) throws Exception {
        return api.get("/api/runs?repository=" + repo).json().path("runs").size();
    }

    private static String head(GitFixture git) throws Exception {
        return GitFixture.git(git.work, "rev-parse", "HEAD").strip();
    }

    /** Sends one delivery (its id, its payload) as a provider does. */
    @FunctionalInterface
    private interface Sender {
        ApiClient.Answer send(String delivery, String payload) throws Exception;
    }

    /**
     * A push to {@code git}'s main, announced by {@code send} with the payload {@code push(before, after)}: the
     * Build workflow runs once on the pushed commit; the same delivery again answers 200 and starts nothing.
     */
    private static void aPushRunsOnThePushedCommitOnce(GitFixture git, String repo, String where,
                                                       java.util.function.BinaryOperator<String> push, Sender send)
            throws Exception {
        String before = head(git);
        git.write(Map.of("WHERE", where + "\n"));
        String after = git.commit("more");
        git.push("main");
        String delivery = UUID.randomUUID().toString();
        String payload = push.apply(before, after);
        ApiClient.Answer a = send.send(delivery, payload);
        assertThat(a.status()).as(a.body()).isEqualTo(202);
        JsonNode run = awaitRun(repo, "Build", 1);
        assertThat(run.path("commit").asText()).isEqualTo(after);
        assertThat(run.path("trigger").path("type").asText()).isEqualTo("PUSH");
        assertThat(api.get("/api/runs/" + run.path("id").asLong() + "/logs/Make").body()).contains("built " + where);

        ApiClient.Answer again = send.send(delivery, payload);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("duplicate").asText()).isEqualTo(delivery);
        Thread.sleep(1_000);
        assertThat(api.get("/api/runs?repository=" + repo + "&workflow=Build").json().path("runs").size())
                .isEqualTo(1);
    }

    // ---- GitLab ----

    @Test
    void aGitLabPushHookRunsOnThePushedCommitOnce() throws Exception {
        aPushRunsOnThePushedCommitOnce(lab, "lab", "main again",
                (before, after) -> gitlabPush(gitlabProject(lab, "group/app"), before, after),
                (delivery, payload) -> gitlab("lab", "Push Hook", LAB_TOKEN, delivery, payload));
    }

    @Test
    void aGitLabMergeRequestRunsOnItsSourceBranch() throws Exception {
        aChangeRequestRunsOnItsSourceBranch(lab, "lab", "feature/mr", "the merge request",
                head -> gitlab("lab", "Merge Request Hook", LAB_TOKEN, UUID.randomUUID().toString(),
                        gitlabMergeRequest(gitlabProject(lab, "group/app"), "feature/mr", head)));
    }

    /** Sends the delivery that opens a merge or pull request whose source is at {@code head}. */
    @FunctionalInterface
    private interface Opener {
        ApiClient.Answer open(String head) throws Exception;
    }

    /** Opens a request (sent by {@code open} with the source head) from a new branch: Review runs on its files. */
    private static void aChangeRequestRunsOnItsSourceBranch(GitFixture git, String repo, String branch, String where,
                                                            Opener open)
            throws Exception {
        git.checkoutNew(branch);
        git.write(Map.of("WHERE", where + "\n"));
        String head = git.commit("work");
        git.push(branch);
        git.checkout("main");
        ApiClient.Answer a = open.open(head);
        assertThat(a.status()).as(a.body()).isEqualTo(202);
        JsonNode run = awaitRun(repo, "Review", 1);
        assertThat(run.path("branch").asText()).isEqualTo(branch);
        assertThat(run.path("commit").asText()).isEqualTo(head);
        assertThat(run.path("trigger").path("type").asText()).isEqualTo("PULLREQUEST");
        assertThat(api.get("/api/runs/" + run.path("id").asLong() + "/logs/Check").body())
                .contains("reviewing " + where);
    }

    @Test
    void aWrongGitLabTokenIsRefusedWithAReasonAndStartsNothing() throws Exception {
        int before = runs("lab");
        ApiClient.Answer wrong = gitlab("lab", "Push Hook", "not-the-token", UUID.randomUUID().toString(),
                gitlabPush(gitlabProject(lab, "group/app"), "1".repeat(40), "2".repeat(40)));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().path("error").path("reason").asText()).contains("X-Gitlab-Token")
                .doesNotContain(LAB_TOKEN).doesNotContain("not-the-token");
        ApiClient.Answer none = api.send(new ApiClient(server.port(), null).builder("/api/webhooks/lab")
                .header("X-Gitlab-Event", "Push Hook").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().path("error").path("reason").asText()).contains("no X-Gitlab-Token");
        assertThat(server.log()).contains("webhook refused for repository 'lab' (401)");
        assertThat(runs("lab")).isEqualTo(before);
    }

    // ---- Gitea / Forgejo ----

    @Test
    void aGiteaPushRunsOnThePushedCommitOnce() throws Exception {
        aPushRunsOnThePushedCommitOnce(tea, "tea", "gitea main",
                (before, after) -> giteaPush(giteaRepository(tea, "team/app"), before, after),
                (delivery, payload) -> gitea("tea", "push", TEA_SECRET, delivery, payload));
    }

    @Test
    void aGiteaPullRequestRunsOnItsSourceBranch() throws Exception {
        aChangeRequestRunsOnItsSourceBranch(tea, "tea", "feature/pr", "the pull request",
                head -> gitea("tea", "pull_request", TEA_SECRET, UUID.randomUUID().toString(),
                        giteaPullRequest(giteaRepository(tea, "team/app"), "feature/pr", head)));
    }

    @Test
    void aBadGiteaSignatureIsRefusedWithAReasonAndStartsNothing() throws Exception {
        int before = runs("tea");
        ApiClient.Answer forged = gitea("tea", "push", "another-secret", UUID.randomUUID().toString(),
                giteaPush(giteaRepository(tea, "team/app"), "1".repeat(40), "2".repeat(40)));
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.json().path("error").path("reason").asText()).contains("X-Gitea-Signature does not match")
                .doesNotContain(TEA_SECRET);
        assertThat(server.log()).contains("webhook refused for repository 'tea' (401)");
        assertThat(runs("tea")).isEqualTo(before);
    }

    // ---- the payload's repository against the configured one ----

    @Test
    void aDeliverySignedForOneRepositoryButNamingAnotherStartsNothing() throws Exception {
        int labRuns = runs("lab");
        int teaRuns = runs("tea");
        // signed with lab's token, but about tea's repository (configured here too)
        ApiClient.Answer other = gitlab("lab", "Push Hook", LAB_TOKEN, UUID.randomUUID().toString(),
                gitlabPush(gitlabProject(tea, "team/app"), head(tea), head(tea)));
        assertThat(other.status()).isEqualTo(400);
        assertThat(other.json().path("error").path("code").asText()).isEqualTo("wrong-repository");
        assertThat(other.json().path("error").path("reason").asText()).contains("'team/app'")
                .contains("configured here as 'tea'").contains("/api/webhooks/tea").contains("nothing starts");
        // signed with tea's secret, about a repository this server does not watch
        ApiClient.Answer unknown = gitea("tea", "push", TEA_SECRET, UUID.randomUUID().toString(),
                giteaPush("""
                        {"full_name": "someone/else", "clone_url": "https://gitea.example.com/someone/else.git",
                         "html_url": "https://gitea.example.com/someone/else"}
                        """, head(tea), head(tea)));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("error").path("reason").asText()).contains("'someone/else'")
                .contains("no repository configured here is that one");
        assertThat(server.log()).contains("webhook refused for repository 'lab' (400): the delivery names "
                + "repository 'team/app'").contains("webhook refused for repository 'tea' (400)");
        Thread.sleep(1_000);
        assertThat(runs("lab")).isEqualTo(labRuns);
        assertThat(runs("tea")).isEqualTo(teaRuns);
    }
}
