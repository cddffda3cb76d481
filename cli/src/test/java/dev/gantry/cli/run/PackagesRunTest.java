package dev.gantry.cli.run;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.gantry.cli.run.RunTestSupport.allText;
import static dev.gantry.cli.run.RunTestSupport.repo;
import static dev.gantry.cli.run.RunTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Packages} on the host, read by the real {@code npm} (skipped, saying so, where npm is not installed): the
 * action's registries and scopes reach {@code npm config}, the token only through the environment (masked), and the
 * file is gone after the run.
 */
class PackagesRunTest {
    /** A workflow whose action installs from two repositories, one of them for scope {@code @acme}. */
    static final String WORKFLOW = """
            Name: pkgs
            SchemaVersion: "1.0"
            Actions:
              Install:
                Identifier: aws/build@v1
                Inputs:
                  Sources: [WorkflowSource]
                Configuration:
                  %s
                  Steps:
                    - Run: echo "default=$(npm config get registry)"; echo "scoped=$(npm config get @acme:registry)"
                    - Run: npm view @acme/widget --fetch-retries=0 >/dev/null 2>&1; echo "viewed with token $GANTRY_NPM_TOKEN_1"
                    - Run: echo "rc=$NPM_CONFIG_USERCONFIG"; case "$NPM_CONFIG_USERCONFIG" in "$CATALYST_DEFAULT_DIR"*) echo in-workspace;; esac
                    - Run: grep -qF ':_authToken=${GANTRY_NPM_TOKEN_1}' "$NPM_CONFIG_USERCONFIG" && echo refers-to-the-variable; grep -rlF "$GANTRY_NPM_TOKEN_1" "$(dirname "$NPM_CONFIG_USERCONFIG")" . || echo no-file-holds-the-token
                Packages:
                  NpmConfiguration:
                    PackageRegistries:
                      - PackagesRepository: main-repo
                      - PackagesRepository: private-repo
                        Scopes: ["@acme"]
            """;

    @TempDir
    Path dir;

    /** Outside the repository: gantry.yaml. */
    @TempDir
    Path outside;

    static boolean npmHere() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "npm"))) {
                return true;
            }
        }
        return false;
    }

    /** The gantry.yaml (in {@code outside}) mapping both repositories; the private one's token is secret NPM_TOKEN. */
    static Path config(Path outside, String privateRegistry) throws Exception {
        return Files.writeString(outside.resolve("packages.yaml"), """
                packages:
                  npm:
                    main-repo: {registry: "https://npm.example.com/main/"}
                    private-repo: {registry: "%s", tokenSecret: NPM_TOKEN}
                """.formatted(privateRegistry));
    }

    /**
     * Runs {@code workflowYaml} with the token against a registry on 127.0.0.1 (a real HTTP server that records the
     * requests npm sends, and answers 404) and checks what a user relies on; returns the output. The repository is
     * {@code dir}, the configuration goes in {@code outside}.
     */
    static String runAndCheck(Path dir, Path outside, String workflowYaml, String... extra) throws Exception {
        String token = "npm_s3cr3t_" + System.nanoTime();
        List<String> authorizations = new CopyOnWriteArrayList<>();
        HttpServer registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        registry.createContext("/", exchange -> {
            authorizations.add(exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "{\"error\":\"not found\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        registry.start();
        String url = "http://127.0.0.1:" + registry.getAddress().getPort() + "/npm/private/";
        RunTestSupport.Result r;
        try {
            Path wf = repo(dir, workflowYaml);
            List<String> args = new ArrayList<>(List.of(wf.toString(), "--config", config(outside, url).toString(),
                    "--secret", "NPM_TOKEN=" + token));
            args.addAll(List.of(extra));
            r = run(args.toArray(String[]::new));
        } finally {
            registry.stop(0);
        }
        String all = r.out() + r.err();
        assertThat(r.exitCode()).as(all).isZero();
        assertThat(all).contains("default=https://npm.example.com/main/", "scoped=" + url,
                "viewed with token ***", "refers-to-the-variable", "no-file-holds-the-token")
                .doesNotContain(token).doesNotContain("in-workspace");
        assertThat(authorizations).as("what npm asked the scope's registry").isNotEmpty()
                .allMatch(a -> a.startsWith("/npm/private/@acme") && a.endsWith(" Bearer " + token));
        assertThat(allText(dir.resolve(".gantry"))).doesNotContain(token);
        Matcher rc = Pattern.compile("\\| rc=(/\\S+)").matcher(all);
        assertThat(rc.find()).as(all).isTrue();
        Path npmrc = Path.of(rc.group(1));
        assertThat(npmrc).as("the .npmrc is removed with the action's scratch folder").doesNotExist();
        assertThat(npmrc.getParent().getParent().getParent()).as("the run's scratch root").doesNotExist();
        return all;
    }

    @Test
    void npmSeesTheRegistriesAndTheTokenOnlyThroughTheEnvironment() throws Exception {
        Assumptions.assumeTrue(npmHere(), "npm is not installed on this machine: the host Packages test is skipped");
        runAndCheck(dir, outside, WORKFLOW.formatted("# on the host"));
    }

    @Test
    void anUnmappedRepositoryIsAPlanTimeErrorAtItsLine() throws Exception {
        Path wf = repo(dir, WORKFLOW.formatted("# on the host"));
        Path cfg = Files.writeString(outside.resolve("partial.yaml"),
                "packages:\n  npm:\n    main-repo: {registry: \"https://npm.example.com/main/\"}\n");
        RunTestSupport.Result r = run(wf.toString(), "--config", cfg.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains("w.yaml:16:7: error: action Install installs npm packages from repository "
                + "private-repo, which is not mapped: add it to gantry.yaml as packages: {npm: {private-repo: "
                + "{registry: https://..., tokenSecret: NAME}}} [packages]");
    }
}
