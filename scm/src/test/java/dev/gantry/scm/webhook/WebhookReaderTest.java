package dev.gantry.scm.webhook;

import dev.gantry.engine.trigger.ChangedFiles;
import dev.gantry.engine.trigger.PullRequestAction;
import dev.gantry.engine.trigger.PullRequestEvent;
import dev.gantry.engine.trigger.PushEvent;
import dev.gantry.engine.trigger.TriggerEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each provider's documented payload shape (written for these tests), signed as the provider signs it. Signatures
 * are made by the openssl command line, not by the code under test.
 */
class WebhookReaderTest {
    private static final String SECRET = "It's a Secret to Everybody";
    private final WebhookReader reader = new WebhookReader();

    private static String resource(String name) throws IOException {
        try (InputStream in = WebhookReaderTest.class.getResourceAsStream("/webhooks/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** HMAC-SHA256 of {@code body} with {@code secret}, hex, computed by openssl. */
    static String openssl(String secret, byte[] body) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("openssl", "dgst", "-sha256", "-hmac", secret).start();
        try (OutputStream out = p.getOutputStream()) {
            out.write(body);
        }
        String line = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return line.substring(line.lastIndexOf(' ') + 1);
    }

    private static WebhookRequest github(String event, String body, String secret) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new WebhookRequest(Map.of("X-GitHub-Event", event, "X-GitHub-Delivery",
                "72d3162e-cc78-11e3-81ab-4c9367dc0958", "x-hub-signature-256", "sha256=" + openssl(secret, bytes),
                "Content-Type", "application/json"), bytes);
    }

    private static WebhookRequest gitea(String event, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String signature = openssl(SECRET, bytes);
        Map<String, String> headers = new HashMap<>(Map.of("X-Gitea-Event", event, "X-Gitea-Delivery",
                "f6266f16-1bf3-46a5-9ea4-602e06ead473", "X-Gitea-Signature", signature,
                // Gitea sends GitHub's headers too
                "X-GitHub-Event", event, "X-Hub-Signature-256", "sha256=" + signature));
        return new WebhookRequest(headers, bytes);
    }

    private static WebhookRequest gitlab(String event, String body, String token) {
        return new WebhookRequest(Map.of("X-Gitlab-Event", event, "X-Gitlab-Token", token,
                "X-Gitlab-Event-UUID", "13792a34-cac6-4fda-95a8-c58e00a3954e", "Idempotency-Key",
                "f5e5f430-f57b-4e6e-9fac-d9128cd7232f"), body.getBytes(StandardCharsets.UTF_8));
    }

    private static List<TriggerEvent> accepted(WebhookOutcome outcome) {
        assertThat(outcome).isInstanceOf(WebhookOutcome.Accepted.class);
        return ((WebhookOutcome.Accepted) outcome).events();
    }

    @Test
    void githubPush() throws Exception {
        WebhookOutcome outcome = reader.read(github("push", resource("github-push.json"), SECRET), SECRET);
        assertThat(outcome).isEqualTo(new WebhookOutcome.Accepted(WebhookProvider.GITHUB,
                "72d3162e-cc78-11e3-81ab-4c9367dc0958", new RepositoryIdentity("acme/app", List.of(
                "https://github.com/acme/app.git", "git@github.com:acme/app.git", "https://github.com/acme/app")),
                List.of(new PushEvent("main", "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
                        "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", false, ChangedFiles.unknown()))));
    }

    @Test
    void githubNewDeletedForcedAndTagPushes() throws Exception {
        String base = resource("github-push.json");
        String zeros = "0".repeat(40);
        PushEvent created = (PushEvent) accepted(reader.read(github("push",
                base.replace("6113728f27ae82c7b1a177c8d03f9e96e0adf246", zeros), SECRET), SECRET)).get(0);
        assertThat(created.created()).isTrue();
        PushEvent deleted = (PushEvent) accepted(reader.read(github("push",
                base.replace("\"after\": \"0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c\"", "\"after\": \"" + zeros + "\""),
                SECRET), SECRET)).get(0);
        assertThat(deleted.deleted()).isTrue();
        PushEvent forced = (PushEvent) accepted(reader.read(github("push",
                base.replace("\"forced\": false", "\"forced\": true"), SECRET), SECRET)).get(0);
        assertThat(forced.forced()).isTrue();
        assertThat(reader.read(github("push", base.replace("refs/heads/main", "refs/tags/v1.0"), SECRET), SECRET))
                .isEqualTo(new WebhookOutcome.Ignored(WebhookProvider.GITHUB, "72d3162e-cc78-11e3-81ab-4c9367dc0958",
                        "a push to 'refs/tags/v1.0' (not a branch) starts nothing"));
    }

    @ParameterizedTest(name = "GitHub pull_request {0} (draft {1}, merged {2}): {3}")
    @CsvSource(delimiter = '|', value = {
        "opened|false|false|OPEN REVISION",
        "opened|true|false|DRAFT",
        "reopened|false|false|OPEN REVISION",
        "ready_for_review|false|false|OPEN REVISION",
        "synchronize|false|false|REVISION",
        "closed|false|false|CLOSED",
        "closed|false|true|MERGED CLOSED",
        "converted_to_draft|true|false|DRAFT",
        "edited|false|false|-",
        "labeled|false|false|-"})
    void githubPullRequest(String action, boolean draft, boolean merged, String events) throws Exception {
        String body = resource("github-pull-request.json").replace("ACTION", action)
                .replace("DRAFT", String.valueOf(draft)).replace("MERGED", String.valueOf(merged));
        WebhookOutcome outcome = reader.read(github("pull_request", body, SECRET), SECRET);
        if (events.equals("-")) {
            assertThat(outcome).isEqualTo(new WebhookOutcome.Ignored(WebhookProvider.GITHUB,
                    "72d3162e-cc78-11e3-81ab-4c9367dc0958", "pull request action '" + action + "' starts nothing"));
            return;
        }
        PullRequestEvent pr = (PullRequestEvent) accepted(outcome).get(0);
        assertThat(pr).isEqualTo(new PullRequestEvent("42", actions(events), "feature/login", "main",
                "ec26c3e57ca3a959ca5aad62de7213c562f8c821", ChangedFiles.unknown()));
        assertThat(pr.workflowBranch()).isEqualTo("feature/login");
    }

    private static Set<PullRequestAction> actions(String names) {
        EnumSet<PullRequestAction> set = EnumSet.noneOf(PullRequestAction.class);
        for (String n : names.split(" ")) {
            set.add(PullRequestAction.valueOf(n));
        }
        return set;
    }

    @Test
    void githubPingIsIgnoredOnceVerified() throws Exception {
        assertThat(reader.read(github("ping", "{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1}", SECRET),
                SECRET)).isInstanceOf(WebhookOutcome.Ignored.class);
        assertThat(reader.read(github("issues", "{}", SECRET), SECRET)).isEqualTo(new WebhookOutcome.Ignored(
                WebhookProvider.GITHUB, "72d3162e-cc78-11e3-81ab-4c9367dc0958",
                "event 'issues' starts nothing (Gantry acts on push and pull_request)"));
    }

    @Test
    void aWrongMissingOrAbsentSecretIsRefusedBeforeTheBodyIsRead() throws Exception {
        String body = resource("github-push.json");
        assertThat(reader.read(github("push", body, "another secret"), SECRET)).isEqualTo(new WebhookOutcome.Rejected(401,
                "X-Hub-Signature-256 does not match the body signed with this repository's secret (a wrong "
                        + "secret, or a changed body)"));
        // a body changed after signing
        WebhookRequest signed = github("push", body, SECRET);
        WebhookRequest tampered = new WebhookRequest(signed.headers(),
                body.replace("refs/heads/main", "refs/heads/prod").getBytes(StandardCharsets.UTF_8));
        assertThat(reader.read(tampered, SECRET)).isInstanceOf(WebhookOutcome.Rejected.class);
        WebhookRequest unsigned = new WebhookRequest(Map.of("X-GitHub-Event", "push"),
                body.getBytes(StandardCharsets.UTF_8));
        assertThat(reader.read(unsigned, SECRET)).isEqualTo(new WebhookOutcome.Rejected(401,
                "no X-Hub-Signature-256 header: the webhook is not signed (set its secret)"));
        // malformed JSON is not even parsed when the signature is wrong
        WebhookRequest garbage = new WebhookRequest(Map.of("X-GitHub-Event", "push", "X-Hub-Signature-256",
                "sha256=00"), "{not json".getBytes(StandardCharsets.UTF_8));
        assertThat(((WebhookOutcome.Rejected) reader.read(garbage, SECRET)).status()).isEqualTo(401);
        assertThat(reader.read(signed, "")).isEqualTo(new WebhookOutcome.Rejected(401, "no webhook secret is "
                + "configured for this repository; Gantry accepts no unsigned webhook"));
    }

    @Test
    void malformedSignedBodiesAreRefusedWithAReason() throws Exception {
        assertThat(reader.read(github("push", "{\"ref\": ", SECRET), SECRET)).satisfies(o -> {
            assertThat(((WebhookOutcome.Rejected) o).status()).isEqualTo(400);
            assertThat(((WebhookOutcome.Rejected) o).reason()).startsWith("the body is not valid JSON:");
        });
        assertThat(reader.read(github("push", "[1,2]", SECRET), SECRET))
                .isEqualTo(new WebhookOutcome.Rejected(400, "the body is not a JSON object"));
        assertThat(reader.read(github("push", "{\"ref\":\"refs/heads/main\",\"before\":\"x\",\"after\":\"y\"}",
                SECRET), SECRET)).isEqualTo(new WebhookOutcome.Rejected(400, "'before' is not a commit id: 'x'"));
        assertThat(reader.read(github("pull_request", "{\"action\":\"opened\"}", SECRET), SECRET))
                .isEqualTo(new WebhookOutcome.Rejected(400, "the payload has no 'pull_request.head.ref'"));
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertThat(((WebhookOutcome.Rejected) reader.read(github("push", "{\"a\":" + deep + "}", SECRET), SECRET))
                .status()).isEqualTo(400);
    }

    @Test
    void anOversizedBodyIsRefusedUnread() throws Exception {
        WebhookReader small = new WebhookReader(1024);
        WebhookOutcome outcome = small.read(github("push", resource("github-push.json"), SECRET), SECRET);
        assertThat(outcome).isInstanceOf(WebhookOutcome.Rejected.class);
        assertThat(((WebhookOutcome.Rejected) outcome).status()).isEqualTo(413);
        assertThat(((WebhookOutcome.Rejected) outcome).reason()).endsWith("bytes; at most 1024 are read");
    }

    @Test
    void gitlabPush() {
        WebhookOutcome outcome = reader.read(gitlab("Push Hook", resourceQuietly("gitlab-push.json"), SECRET), SECRET);
        assertThat(outcome).isEqualTo(new WebhookOutcome.Accepted(WebhookProvider.GITLAB,
                "f5e5f430-f57b-4e6e-9fac-d9128cd7232f", new RepositoryIdentity("acme/app", List.of(
                "https://gitlab.example.com/acme/app.git", "git@gitlab.example.com:acme/app.git",
                "https://gitlab.example.com/acme/app")), List.of(new PushEvent("main",
                "95790bf891e76fee5e1747ab589903a6a1f80f22", "da1560886d4f094c3e6c9ef40349f7d38b5d27d7", false,
                ChangedFiles.unknown()))));
        assertThat(reader.read(gitlab("Push Hook", resourceQuietly("gitlab-push.json"), "wrong"), SECRET))
                .isEqualTo(new WebhookOutcome.Rejected(401, "X-Gitlab-Token token is wrong for this repository"));
        assertThat(reader.read(gitlab("Tag Push Hook", "{}", SECRET), SECRET))
                .isInstanceOf(WebhookOutcome.Ignored.class);
    }

    @ParameterizedTest(name = "GitLab merge request {0} (draft {1}, oldrev {2}): {3}")
    @CsvSource(delimiter = '|', value = {
        "open|false|false|OPEN REVISION",
        "open|true|false|DRAFT",
        "reopen|false|false|OPEN REVISION",
        "update|false|true|REVISION",
        "update|false|false|-",
        "close|false|false|CLOSED",
        "merge|false|false|MERGED CLOSED",
        "approved|false|false|-"})
    void gitlabMergeRequest(String action, boolean draft, boolean oldrev, String events) {
        String body = resourceQuietly("gitlab-merge-request.json").replace("ACTION", action)
                .replace("DRAFT", String.valueOf(draft))
                .replace("OLDREV", oldrev ? "\"oldrev\": \"95790bf891e76fee5e1747ab589903a6a1f80f22\"," : "")
                .replace("CHANGES", "{}");
        WebhookOutcome outcome = reader.read(gitlab("Merge Request Hook", body, SECRET), SECRET);
        if (events.equals("-")) {
            assertThat(outcome).isInstanceOf(WebhookOutcome.Ignored.class);
            return;
        }
        assertThat(accepted(outcome)).containsExactly(new PullRequestEvent("7", actions(events), "ms-viewport",
                "main", "da1560886d4f094c3e6c9ef40349f7d38b5d27d7", ChangedFiles.unknown()));
    }

    @Test
    void gitlabDraftMarkedReadyCountsAsOpen() {
        String body = resourceQuietly("gitlab-merge-request.json").replace("ACTION", "update")
                .replace("DRAFT", "false").replace("OLDREV", "")
                .replace("CHANGES", "{\"draft\": {\"previous\": true, \"current\": false}}");
        PullRequestEvent pr = (PullRequestEvent) accepted(reader.read(gitlab("Merge Request Hook", body, SECRET),
                SECRET)).get(0);
        assertThat(pr.actions()).containsExactlyInAnyOrder(PullRequestAction.OPEN, PullRequestAction.REVISION);
    }

    @Test
    void giteaPushAndPullRequestSync() throws Exception {
        WebhookOutcome push = reader.read(gitea("push", resource("gitea-push.json")), SECRET);
        assertThat(push).isEqualTo(new WebhookOutcome.Accepted(WebhookProvider.GITEA,
                "f6266f16-1bf3-46a5-9ea4-602e06ead473", new RepositoryIdentity("acme/app", List.of(
                "http://localhost:3000/acme/app.git", "ssh://git@localhost:2222/acme/app.git",
                "http://localhost:3000/acme/app")), List.of(new PushEvent("develop",
                "28e1879d029cb852e4844d9c718537df08844e03", "bffeb74224043ba2feb48d137756c8a9331c449a", false,
                ChangedFiles.unknown()))));
        String sync = resource("gitea-pull-request.json").replace("ACTION", "synchronized").replace("MERGED", "false");
        assertThat(accepted(reader.read(gitea("pull_request_sync", sync), SECRET))).containsExactly(
                new PullRequestEvent("3", actions("REVISION"), "speed", "main",
                        "bffeb74224043ba2feb48d137756c8a9331c449a", ChangedFiles.unknown()));
        String merged = resource("gitea-pull-request.json").replace("ACTION", "closed").replace("MERGED", "true");
        assertThat(((PullRequestEvent) accepted(reader.read(gitea("pull_request", merged), SECRET)).get(0)).actions())
                .containsExactlyInAnyOrder(PullRequestAction.MERGED, PullRequestAction.CLOSED);
        WebhookRequest forged = new WebhookRequest(Map.of("X-Gitea-Event", "push", "X-Gitea-Signature",
                "0".repeat(64)), resource("gitea-push.json").getBytes(StandardCharsets.UTF_8));
        assertThat(reader.read(forged, SECRET)).isEqualTo(new WebhookOutcome.Rejected(401, "X-Gitea-Signature does "
                + "not match the body signed with this repository's secret (a wrong secret, or a changed body)"));
    }

    @Test
    void forgejoHeadersToo() throws Exception {
        byte[] body = resource("gitea-push.json").getBytes(StandardCharsets.UTF_8);
        WebhookRequest request = new WebhookRequest(Map.of("X-Forgejo-Event", "push", "X-Forgejo-Delivery", "d-1",
                "X-Forgejo-Signature", openssl(SECRET, body)), body);
        assertThat(WebhookProvider.detect(request)).isEqualTo(WebhookProvider.GITEA);
        assertThat(((WebhookOutcome.Accepted) reader.read(request, SECRET)).deliveryId()).isEqualTo("d-1");
    }

    @Test
    void genericPostReceiveLines() {
        String a = "a".repeat(40);
        String b = "b".repeat(40);
        String zeros = "0".repeat(40);
        String body = a + " " + b + " refs/heads/main\n" + zeros + " " + b + " refs/heads/feature\n"
                + a + " " + zeros + " refs/heads/old\n" + zeros + " " + a + " refs/tags/v1\n";
        WebhookRequest request = new WebhookRequest(Map.of("Authorization", "Bearer " + SECRET,
                "X-Gantry-Delivery", "host-1234-5678", "X-Gantry-Repository", "app"),
                body.getBytes(StandardCharsets.UTF_8));
        assertThat(WebhookProvider.detect(request)).isEqualTo(WebhookProvider.GENERIC);
        assertThat(reader.read(request, SECRET)).isEqualTo(new WebhookOutcome.Accepted(WebhookProvider.GENERIC,
                "host-1234-5678", new RepositoryIdentity("app", List.of()), List.of(
                new PushEvent("main", a, b, false, ChangedFiles.unknown()),
                new PushEvent("feature", null, b, false, ChangedFiles.unknown()),
                new PushEvent("old", a, null, false, ChangedFiles.unknown()))));
        assertThat(reader.read(new WebhookRequest(Map.of("Authorization", "Bearer nope"),
                body.getBytes(StandardCharsets.UTF_8)), SECRET)).isEqualTo(new WebhookOutcome.Rejected(401,
                "Authorization: Bearer token is wrong for this repository"));
        assertThat(reader.read(new WebhookRequest(Map.of("X-Gantry-Token", SECRET),
                "not a ref line\n".getBytes(StandardCharsets.UTF_8)), SECRET)).isEqualTo(new WebhookOutcome.Rejected(
                400, "line 1: expected 'OLD NEW REF' as git gives a post-receive hook, got 'not a ref line'"));
    }

    @Test
    void theDeliveryIdFallsBackToTheBodysDigest() {
        WebhookRequest request = new WebhookRequest(Map.of("X-Gantry-Token", SECRET),
                ("a".repeat(40) + " " + "b".repeat(40) + " refs/heads/main\n").getBytes(StandardCharsets.UTF_8));
        String id = ((WebhookOutcome.Accepted) reader.read(request, SECRET)).deliveryId();
        assertThat(id).startsWith("sha256:").hasSize(7 + 64);
        assertThat(((WebhookOutcome.Accepted) reader.read(request, SECRET)).deliveryId()).isEqualTo(id);
    }

    @Test
    void ourHmacAgreesWithOpenssl() throws Exception {
        byte[] body = "{\"zen\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookReader.hmacSha256(SECRET, body)).isEqualTo(openssl(SECRET, body));
    }

    private static String resourceQuietly(String name) {
        try {
            return resource(name);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
