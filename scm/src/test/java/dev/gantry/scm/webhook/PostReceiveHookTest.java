package dev.gantry.scm.webhook;

import com.sun.net.httpserver.HttpServer;
import dev.gantry.engine.trigger.ChangedFiles;
import dev.gantry.engine.trigger.PushEvent;
import dev.gantry.scm.git.GitRepos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.gantry.scm.git.GitRepos.git;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code examples/post-receive} installed in a real bare repository: a real {@code git push} runs it, it calls a
 * real HTTP endpoint (the JDK's server on a free loopback port, handing the request to {@link WebhookReader} as the
 * server does), and what arrives is verified.
 */
class PostReceiveHookTest {
    private static final Path HOOK = Path.of("../examples/post-receive/post-receive");
    private static final String TOKEN = "hook-token-4f1c9a";

    @TempDir
    Path dir;
    private HttpServer server;
    private final List<WebhookOutcome> received = new CopyOnWriteArrayList<>();
    private Path bare;
    private Path work;

    @BeforeEach
    void setUp() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hooks/generic/app", exchange -> {
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
            WebhookOutcome outcome = new WebhookReader().read(WebhookProvider.GENERIC,
                    new WebhookRequest(headers, exchange.getRequestBody().readAllBytes()), TOKEN);
            received.add(outcome);
            exchange.sendResponseHeaders(outcome instanceof WebhookOutcome.Rejected r ? r.status() : 202, -1);
            exchange.close();
        });
        server.start();
        bare = dir.resolve("app.git");
        work = dir.resolve("work");
        git(dir, "init", "-q", "--bare", "-b", "main", bare.toString());
        Files.copy(HOOK, bare.resolve("hooks/post-receive"), StandardCopyOption.REPLACE_EXISTING);
        bare.resolve("hooks/post-receive").toFile().setExecutable(true);
        Path tokenFile = dir.resolve("app.token");
        Files.writeString(tokenFile, TOKEN + "\n");
        git(bare, "config", "gantry.url", "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/generic/app");
        git(bare, "config", "gantry.tokenFile", tokenFile.toString());
        git(dir, "init", "-q", "-b", "main", work.toString());
        git(work, "config", "user.email", "dev@example.com");
        git(work, "config", "user.name", "Dev");
        git(work, "remote", "add", "origin", bare.toString());
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
    }

    @Test
    void aPushReachesTheServerAsVerifiedPushEvents() throws Exception {
        Files.writeString(work.resolve("a.txt"), "a");
        git(work, "add", "a.txt");
        git(work, "commit", "-q", "-m", "first");
        String first = git(work, "rev-parse", "HEAD").trim();
        git(work, "push", "-q", "origin", "main", "main:feature");

        assertThat(received).hasSize(1);
        WebhookOutcome.Accepted accepted = (WebhookOutcome.Accepted) received.get(0);
        assertThat(accepted.events()).containsExactlyInAnyOrder(
                new PushEvent("main", null, first, false, ChangedFiles.unknown()),
                new PushEvent("feature", null, first, false, ChangedFiles.unknown()));
        assertThat(accepted.deliveryId()).matches(".+-\\d+-\\d+");

        git(work, "push", "-q", "origin", "--delete", "feature");
        assertThat(((WebhookOutcome.Accepted) received.get(1)).events())
                .containsExactly(new PushEvent("feature", first, null, false, ChangedFiles.unknown()));
        assertThat(((WebhookOutcome.Accepted) received.get(1)).deliveryId()).isNotEqualTo(accepted.deliveryId());
    }

    @Test
    void aWrongTokenOrADownServerNeverFailsThePush() throws Exception {
        Files.writeString(dir.resolve("app.token"), "wrong-token\n");
        Files.writeString(work.resolve("a.txt"), "a");
        git(work, "add", "a.txt");
        git(work, "commit", "-q", "-m", "first");
        String out = git(work, "push", "origin", "main");
        assertThat(received).singleElement().isInstanceOf(WebhookOutcome.Rejected.class);
        assertThat(out).contains("gantry: the server did not take the push notification (401)");

        server.stop(0);
        Files.writeString(work.resolve("b.txt"), "b");
        git(work, "add", "b.txt");
        git(work, "commit", "-q", "-m", "second");
        assertThat(git(work, "push", "origin", "main")).contains("gantry: the server did not take the push "
                + "notification");
        assertThat(git(bare, "rev-parse", "main").trim()).isEqualTo(git(work, "rev-parse", "HEAD").trim());
    }
}
