package dev.gantry.web.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages through plain HTTP, as a browser without JavaScript sees them, served by a real server whose
 * repository is a real git repository: sign-in, a pushed commit's run with its DAG, timeline, log, report and
 * artifact; escaping of log lines and branch names; CSRF, origin and role checks on every form.
 */
class PagesTest {
    @TempDir
    static Path tmp;
    static Gantry gantry;
    static Path flags;
    static long pipelineRun;

    @BeforeAll
    static void start() throws Exception {
        flags = Files.createDirectories(tmp.resolve("flags"));
        gantry = Gantry.start(tmp, Workflows.all(flags), false);
        gantry.push(Map.of("README.md", "a change\n"), "a change");
        String body = gantry.await("/api/runs?workflow=Pipeline", b -> b.contains("\"state\":\"failed\""), 180);
        Matcher m = Pattern.compile("\"id\":(\\d+)").matcher(body);
        assertThat(m.find()).isTrue();
        pipelineRun = Long.parseLong(m.group(1));
    }

    @AfterAll
    static void stop() {
        if (gantry != null) {
            gantry.close();
        }
    }

    private static Browser signedIn(String role) throws Exception {
        Browser b = new Browser(gantry);
        String token = gantry.token("user-" + role + "-" + System.nanoTime(), role);
        assertThat(b.signIn(token).statusCode()).isEqualTo(303);
        return b;
    }

    @Test
    void withoutAnonymousReadPagesAskToSignInAndABadTokenIsRefused() throws Exception {
        Browser b = new Browser(gantry);
        HttpResponse<String> home = b.get("/runs/" + pipelineRun);
        assertThat(home.statusCode()).isEqualTo(303);
        assertThat(home.headers().firstValue("Location")).hasValue("/signin?next=%2Fruns%2F" + pipelineRun);
        HttpResponse<String> bad = b.signIn("gantry_not-a-token");
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(bad.body()).contains("That token is not valid").doesNotContain("gantry_not-a-token");
        assertThat(b.get("/").statusCode()).isEqualTo(303);
        assertThat(b.get("/api/runs").statusCode()).as("the API still wants its bearer token").isEqualTo(401);
    }

    @Test
    void homeShowsTheWorkflowsWithTheirLastRunPerBranch() throws Exception {
        Browser b = signedIn("read");
        String home = b.get("/").body();
        assertThat(home).contains("Pipeline", "Slow", "Gated", "href=\"/runs/" + pipelineRun + "\"", "Failed");
    }

    @Test
    void theRunPageDrawsTheDagWithGroupsEdgeKindsStatesAndTheCriticalPath() throws Exception {
        Browser b = signedIn("read");
        String page = b.get("/runs/" + pipelineRun).body();
        assertThat(page).contains("<svg class=\"dag\"", "▣ Checks", "data-action=\"Checks.Unit\"",
                "class=\"edge depends-on variable", "class=\"edge artifact", "(depends-on, variable)", "critical path",
                "<svg class=\"timeline\"");
        assertThat(page).containsPattern("data-action=\"Checks.Unit\" data-state=\"failed\"");
        assertThat(page).containsPattern("data-action=\"Compile\" data-state=\"succeeded\"");
        assertThat(page).as("no buttons for a reader").doesNotContain("Re-run");
    }

    @Test
    void theActionPageShowsTheLogColouredAndEscaped() throws Exception {
        Browser b = signedIn("read");
        String page = b.get("/runs/" + pipelineRun + "/actions/Compile").body();
        assertThat(page).contains("<span class=\"f2\">compiled OK</span>", "&lt;b&gt;not bold&lt;/b&gt;",
                "&lt;script&gt;window.pwned=1&lt;/script&gt;", "id=\"L1\"", "VERSION", "1.2.3");
        assertThat(page).doesNotContain("<script>window.pwned");
        String search = b.get("/runs/" + pipelineRun + "/actions/Compile?q=COMPILED").body();
        assertThat(search).contains("2 lines of", "compiled OK");
        HttpResponse<String> download = b.get("/runs/" + pipelineRun + "/actions/Compile/log");
        assertThat(download.headers().firstValue("Content-Disposition").orElse("")).contains("attachment");
        assertThat(download.body()).contains("\u001b[32mcompiled OK");
    }

    @Test
    void theFailedTestCaseIsOnTheActionPage() throws Exception {
        String page = signedIn("read").get("/runs/" + pipelineRun + "/actions/Checks.Unit").body();
        assertThat(page).contains("Failed test cases", "divides_by_zero", "expected 0 but was 1", "PassRate",
                "✖ not met");
        assertThat(page.indexOf("divides_by_zero")).isLessThan(page.indexOf("Success criteria"));
    }

    @Test
    void anArtifactDownloadsWithTheBytesTheStepWrote() throws Exception {
        Browser b = signedIn("read");
        String page = b.get("/runs/" + pipelineRun + "/actions/Package").body();
        Matcher m = Pattern.compile("href=\"(/runs/" + pipelineRun + "/artifacts/bundle/bundle.bin)\"").matcher(page);
        assertThat(m.find()).as(page).isTrue();
        byte[] downloaded = b.bytes(m.group(1)).body();
        boolean same = false;
        try (var files = Files.list(flags)) {
            for (Path p : files.filter(p -> p.getFileName().toString().startsWith("bundle-")).toList()) {
                same |= java.util.Arrays.equals(Files.readAllBytes(p), downloaded);
            }
        }
        assertThat(downloaded).hasSize(300000);
        assertThat(same).isTrue();
        assertThat(b.get("/runs/" + pipelineRun + "/artifacts/bundle/..%2F..%2Frun.json").statusCode())
                .isIn(400, 404);
    }

    @Test
    void unknownRunsAndActionsAreAPageThatSaysSo() throws Exception {
        Browser b = signedIn("read");
        HttpResponse<String> r = b.get("/runs/999999");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("There is no run 999999.");
        assertThat(b.get("/runs/abc").statusCode()).isEqualTo(404);
        assertThat(b.get("/runs/" + pipelineRun + "/actions/%3Cimg%3E").body()).contains("no action &#39;&lt;img&gt;&#39;");
    }

    @Test
    void aReaderSeesNoRunButtonAndIsRefusedWhenPostingAnyway() throws Exception {
        Browser b = signedIn("read");
        String page = b.get("/repos/app/workflows/.codecatalyst/workflows/slow.yaml").body();
        assertThat(page).contains("Slow", "when someone starts it").doesNotContain("id=\"run-button\"");
        HttpResponse<String> r = b.post("/repos/app/run/.codecatalyst/workflows/slow.yaml", Map.of("_csrf",
                Browser.csrf(page), "branch", "main"), null);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("has role read; this needs run");
    }

    @Test
    void formsWithoutTheSessionsCsrfTokenOrFromAnotherSiteAreRefused() throws Exception {
        Browser b = signedIn("run");
        String page = b.get("/repos/app/workflows/.codecatalyst/workflows/slow.yaml").body();
        assertThat(page).contains("id=\"run-button\"");
        String path = "/repos/app/run/.codecatalyst/workflows/slow.yaml";
        assertThat(b.post(path, Map.of("branch", "main"), null).statusCode()).isEqualTo(403);
        assertThat(b.post(path, Map.of("branch", "main", "_csrf", "forged"), null).statusCode()).isEqualTo(403);
        assertThat(b.post(path, Map.of("branch", "main", "_csrf", Browser.csrf(page)), "http://evil.example")
                .statusCode()).isEqualTo(403);
        HttpResponse<String> ok = b.post(path, Map.of("branch", "main", "_csrf", Browser.csrf(page),
                "variables", "FLAG=csrf"), null);
        assertThat(ok.statusCode()).isEqualTo(303);
        String run = ok.headers().firstValue("Location").orElseThrow();
        assertThat(run).matches("/runs/\\d+");
        Files.createFile(flags.resolve("release-csrf"));
        gantry.await("/api" + run, s -> s.contains("\"state\":\"succeeded\""), 120);
    }

    /**
     * A refused post leaves the connection usable: the server reads the (bounded) form before it refuses, so the
     * body does not arrive after the answer on a connection the server has given up (the next request on it got no
     * answer at all: "header parser received no bytes" in the test above, now and then). On a raw socket, with the
     * body sent after a pause, as a slow client's would.
     */
    @Test
    void aRefusedPostLeavesTheConnectionUsableForTheNextRequest() throws Exception {
        java.net.URI u = java.net.URI.create(gantry.url("/"));
        try (java.net.Socket socket = new java.net.Socket(u.getHost(), u.getPort())) {
            socket.setSoTimeout(20_000);
            var out = socket.getOutputStream();
            var in = new java.io.BufferedInputStream(socket.getInputStream());
            String body = "branch=main&_csrf=x";
            out.write(("POST /repos/app/run/.codecatalyst/workflows/slow.yaml HTTP/1.1\r\nHost: " + u.getHost()
                    + "\r\nOrigin: http://evil.example\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
            Thread.sleep(300);
            out.write(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
            assertThat(readResponseHead(in)).startsWith("HTTP/1.1 ");
            out.write(("GET /signin HTTP/1.1\r\nHost: " + u.getHost() + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
            assertThat(readResponseHead(in)).as("the next request on the same connection").startsWith("HTTP/1.1 200");
        }
    }

    /** The status line and headers of one response, its body skipped (Content-Length or chunked). */
    private static String readResponseHead(java.io.InputStream in) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                return head.length() == 0 ? "(connection closed)" : head.toString();
            }
            head.append((char) c);
        }
        Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        if (length.find()) {
            in.readNBytes(Integer.parseInt(length.group(1)));
        } else if (head.toString().toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
            while (true) {
                StringBuilder line = new StringBuilder();
                for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
                    line.append((char) c);
                }
                int size = Integer.parseInt(line.toString().trim().split(";")[0], 16);
                in.readNBytes(size + 2);
                if (size == 0) {
                    break;
                }
            }
        }
        return head.toString();
    }

    @Test
    void anActionsOutputVariablesAreShownOnceItEndsWhileTheRunGoesOn() throws Exception {
        Browser b = signedIn("run");
        String page = b.get("/repos/app/workflows/.codecatalyst/workflows/slow.yaml").body();
        HttpResponse<String> started = b.post("/repos/app/run/.codecatalyst/workflows/slow.yaml", Map.of("branch",
                "main", "_csrf", Browser.csrf(page), "variables", "FLAG=outputs"), null);
        assertThat(started.statusCode()).isEqualTo(303);
        String run = started.headers().firstValue("Location").orElseThrow();
        // Stream runs (until the flag) once Stamp has ended: the run is still in progress
        gantry.await("/api" + run, s -> s.contains("\"name\":\"Stream\",\"state\":\"running\""), 120);
        String stamp = b.get(run + "/actions/Stamp").body();
        assertThat(stamp).contains("<code>STAMP</code>", "<code>stamp-outputs</code>");
        assertThat(gantry.await("/api" + run, s -> true, 10)).contains("\"state\":\"in-progress\"");
        Files.createFile(flags.resolve("release-outputs"));
        gantry.await("/api" + run, s -> s.contains("\"state\":\"succeeded\""), 120);
        assertThat(b.get(run + "/actions/Stamp").body()).contains("<code>stamp-outputs</code>");
    }

    @Test
    void aBranchNameWithHtmlIsShownAsText() throws Exception {
        String branch = "feature/<script>alert(1)</script>";
        Gantry.git(gantry.work, "push", "-q", "origin", "HEAD:refs/heads/" + branch);
        gantry.await("/api/repositories", s -> s.contains("alert(1)"), 60);
        HttpResponse<String> started = gantry.api("POST", "/api/runs", "{\"repository\":\"app\",\"workflow\":\"Gated"
                + "\",\"branch\":\"" + branch + "\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        long id = Long.parseLong(started.body().replaceAll("(?s).*\"id\":(\\d+).*", "$1"));
        String page = signedIn("read").get("/runs/" + id).body();
        assertThat(page).contains("feature/&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert");
        gantry.api("POST", "/api/runs/" + id + "/cancel", null);
    }

    @Test
    void aWorkflowWithProblemsIsListedAndShowsEachDiagnosticWithItsSourceLine() throws Exception {
        gantry.push(Map.of(".codecatalyst/workflows/broken.yaml", """
                Name: Broken
                SchemaVersion: "1.0"
                Actions:
                  Build:
                    Identifier: aws/build@v1
                    DependsOn: [Nope]
                    Configuration:
                      Steps:
                        - Run: echo hi
                """), "a broken workflow");
        Browser b = signedIn("run");
        String home = "";
        for (int i = 0; i < 100 && !home.contains("broken.yaml"); i++) {
            Thread.sleep(300);
            home = b.get("/").body();
        }
        assertThat(home).contains("Workflows with problems", "href=\"/repos/app/workflows/.codecatalyst/workflows/"
                + "broken.yaml\"");
        String page = b.get("/repos/app/workflows/.codecatalyst/workflows/broken.yaml").body();
        assertThat(page).containsPattern("\\.codecatalyst/workflows/broken\\.yaml:6:\\d+: error: ")
                .contains("<pre class=\"source\">", "DependsOn: [Nope]").doesNotContain("id=\"run-button\"");
    }

    @Test
    void theWorkflowPageSaysItsTriggersInWordsAndTheRunnersPageListsTheLocalRunner() throws Exception {
        Browser b = signedIn("read");
        String page = b.get("/repos/app/workflows/.codecatalyst/workflows/pipeline.yaml").body();
        assertThat(page).contains("on push to main", "PARALLEL", "runs go at once", "href=\"/runs/" + pipelineRun
                + "\"");
        String filtered = b.get("/repos/app/workflows/.codecatalyst/workflows/pipeline.yaml?state=succeeded").body();
        assertThat(filtered).doesNotContain("href=\"/runs/" + pipelineRun + "\"");
        String runners = b.get("/runners").body();
        assertThat(runners).contains("<h1>Runners</h1>", "local");
    }

    @Test
    void reRunStartsANewRunOfTheSameCommit() throws Exception {
        Browser b = signedIn("run");
        String page = b.get("/runs/" + pipelineRun).body();
        assertThat(page).contains("Re-run");
        HttpResponse<String> r = b.post("/runs/" + pipelineRun + "/rerun", Map.of("_csrf", Browser.csrf(page)), null);
        assertThat(r.statusCode()).isEqualTo(303);
        String again = r.headers().firstValue("Location").orElseThrow();
        assertThat(again).matches("/runs/\\d+").isNotEqualTo("/runs/" + pipelineRun);
        assertThat(b.get(again).body()).contains("Re-run of", "RERUN");
    }
}
