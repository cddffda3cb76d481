package dev.gantry.dsl.config;

import dev.gantry.engine.config.Architecture;
import dev.gantry.engine.config.EnvironmentConfig;
import dev.gantry.engine.config.GantryConfig;
import dev.gantry.engine.config.RunnerConfig;
import dev.gantry.engine.config.RunnerKind;
import dev.gantry.engine.diagnostic.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigLoaderTest {
    private static final Path HOME = Path.of("/home/me");
    private static final Path REPO = Path.of("/work/repo");

    private final ConfigLoader loader = new ConfigLoader(HOME);

    @TempDir
    Path dir;

    private LoadedConfig parse(String text) {
        return loader.parse(text, "gantry.yaml", REPO);
    }

    private static List<String> messages(LoadedConfig c) {
        return c.diagnostics().stream().map(Diagnostic::format).toList();
    }

    @Test
    void readsEveryKeyOfAFullFile() {
        LoadedConfig c = parse("""
                environments:
                  demo:
                    profile: dev
                    region: us-west-2
                    endpointUrl: http://127.0.0.1:5005
                    connections:
                      development:
                        accountId: '123456789012'
                  prod: {}
                secrets:
                  secretsManager:
                    region: eu-west-1
                    prefix: gantry/
                    endpointUrl: https://localhost:4566
                    profile: secrets
                runners:
                  - name: arm
                    kind: ssh
                    architecture: aarch64
                    fleets: [Linux.Arm64.Large, my-fleet]
                    tags: [fast]
                    capacity: 4
                    host: graviton.example.com
                    port: 2222
                    user: ci
                    identityFile: ~/.ssh/id_ed25519
                    dockerHost: ssh://ci@graviton.example.com
                  - name: box
                    kind: container
                    image: debian:12
                    architecture: amd64
                cache:
                  dir: .cache/gantry
                  maxSize: 2GB
                """);
        assertThat(messages(c)).isEmpty();
        GantryConfig g = c.config();
        EnvironmentConfig demo = g.environment("demo").orElseThrow();
        assertThat(demo.profile()).isEqualTo("dev");
        assertThat(demo.region()).isEqualTo("us-west-2");
        assertThat(demo.endpointUrl()).isEqualTo("http://127.0.0.1:5005");
        assertThat(demo.accountIdFor("development")).contains("123456789012");
        assertThat(demo.accountIdFor("other")).isEmpty();
        assertThat(demo.accountIdFor("111122223333")).contains("111122223333");
        assertThat(demo.origin().format()).isEqualTo("gantry.yaml:2:3");
        assertThat(g.environment("prod").orElseThrow().profile()).isNull();
        assertThat(g.secretsManager().secretIdFor("TOKEN")).isEqualTo("gantry/TOKEN");
        assertThat(g.secretsManager().endpointUrl()).isEqualTo("https://localhost:4566");
        RunnerConfig arm = g.runner("arm").orElseThrow();
        assertThat(arm.kind()).isEqualTo(RunnerKind.SSH);
        assertThat(arm.architecture()).isEqualTo(Architecture.ARM64);
        assertThat(arm.fleets()).containsExactly("Linux.Arm64.Large", "my-fleet");
        assertThat(arm.capacity()).isEqualTo(4);
        assertThat(arm.port()).isEqualTo(2222);
        assertThat(arm.identityFile()).isEqualTo(Path.of("/home/me/.ssh/id_ed25519"));
        assertThat(g.runner("box").orElseThrow().image()).isEqualTo("debian:12");
        assertThat(g.cache().dir()).isEqualTo(Path.of("/work/repo/.cache/gantry"));
        assertThat(g.cache().maxSizeBytes()).isEqualTo(2L << 30);
    }

    @Test
    void customActionsMapToAFolderOrAGitRepository() {
        LoadedConfig c = parse("""
                actions:
                  acme/greeter@v1: {path: ../greeter}
                  codecatalyst-labs/publish-to-sns: {git: https://example.com/labs.git, ref: v1.0.2, dir: sns}
                  local/one@v2: {git: ../one.git}
                """);
        assertThat(c.diagnostics()).isEmpty();
        assertThat(c.config().customAction("acme/greeter@v1").orElseThrow().path())
                .isEqualTo(Path.of("/work/greeter"));
        var sns = c.config().customAction("codecatalyst-labs/publish-to-sns@v1").orElseThrow();
        assertThat(sns.git()).isEqualTo("https://example.com/labs.git");
        assertThat(sns.ref()).isEqualTo("v1.0.2");
        assertThat(sns.directory()).isEqualTo("sns");
        assertThat(c.config().customAction("local/one@v2").orElseThrow().git()).isEqualTo("/work/one.git");
        assertThat(c.config().customAction("acme/greeter@v2")).isEmpty();
    }

    @Test
    void badCustomActionEntriesAreErrorsWhereTheyAre() {
        LoadedConfig c = parse("""
                actions:
                  not an id: {path: x}
                  acme/both@v1: {path: x, git: y}
                  acme/none@v1: {ref: v1}
                """);
        assertThat(messages(c)).containsExactly(
                "gantry.yaml:2:3: error: 'not an id' is not an action identifier: write owner/name@v1 (or owner/name "
                        + "for every version) [config-value]",
                "gantry.yaml:3:17: error: action acme/both@v1 needs either path (a folder) or git (a repository), "
                        + "e.g. {path: ../my-action} [config-required]",
                "gantry.yaml:4:17: error: action acme/none@v1 needs either path (a folder) or git (a repository), "
                        + "e.g. {path: ../my-action} [config-required]");
    }

    @Test
    void emptyFileIsAnEmptyConfiguration() {
        LoadedConfig c = parse("# nothing yet\n");
        assertThat(c.hasErrors()).isFalse();
        assertThat(c.config()).isEqualTo(GantryConfig.EMPTY);
    }

    @Test
    void unknownKeysAreErrorsAtTheirPositionWithASuggestion() {
        LoadedConfig c = parse("""
                environments:
                  demo:
                    endpointURL: http://localhost:5000
                    regoin: us-east-1
                runner: []
                """);
        assertThat(messages(c)).containsExactly(
                "gantry.yaml:3:5: error: unknown key 'endpointURL' in environment 'demo' (did you mean "
                        + "'endpointUrl'?); known keys: profile, region, endpointUrl, connections [config-unknown-key]",
                "gantry.yaml:4:5: error: unknown key 'regoin' in environment 'demo' (did you mean 'region'?); "
                        + "known keys: profile, region, endpointUrl, connections [config-unknown-key]",
                "gantry.yaml:5:1: error: unknown key 'runner' in the configuration file (did you mean 'runners'?); "
                        + "known keys: environments, secrets, runners, cache, githubActions, server, actions, images, packages "
                        + "[config-unknown-key]");
    }

    @Test
    void githubActionsMapRepositoriesToFoldersOrGitSources() {
        LoadedConfig c = parse("""
                githubActions:
                  cacheDir: actions-cache
                  mirror: https://git.example.com/github
                  actions:
                    acme/greet: ../greet
                    acme/other@v2: https://git.example.com/acme/other.git
                    not a name: /x
                """);
        assertThat(messages(c)).containsExactly("gantry.yaml:7:5: error: 'not a name' is not owner/repo or "
                + "owner/repo@ref [config-value]");
        var gha = c.config().githubActions();
        assertThat(gha.mirror()).isEqualTo("https://git.example.com/github");
        assertThat(gha.cacheDir()).isEqualTo(REPO.resolve("actions-cache"));
        assertThat(gha.actions()).containsEntry("acme/other@v2", "https://git.example.com/acme/other.git");
        assertThat(gha.actions()).containsEntry("acme/greet", REPO.resolveSibling("greet").toString());
    }

    @Test
    void badValuesAreReportedWhereTheyAre() {
        LoadedConfig c = parse("""
                environments:
                  demo:
                    region: us-east
                    endpointUrl: localhost:5000
                    connections:
                      development:
                        accountId: 12345
                      nothing: {}
                """);
        assertThat(messages(c)).containsExactly(
                "gantry.yaml:3:13: error: 'us-east' is not an AWS region name (like us-east-1 or eu-west-2) "
                        + "[config-value]",
                "gantry.yaml:4:18: error: endpointUrl 'localhost:5000' is not an http(s) URL, e.g. "
                        + "http://127.0.0.1:5000 [config-value]",
                "gantry.yaml:7:20: error: accountId '12345' is not a 12-digit AWS account id; write it in quotes, "
                        + "e.g. accountId: '012345678901' [config-value]",
                "gantry.yaml:8:7: error: connection 'nothing' of environment 'demo' needs an accountId (the 12-digit "
                        + "AWS account whose role its actions assume) [config-required]");
    }

    @Test
    void unquotedAccountIdKeepsItsDigits() {
        LoadedConfig c = parse("environments: {demo: {connections: {c: {accountId: 012345678901}}}}");
        assertThat(messages(c)).isEmpty();
        assertThat(c.config().environment("demo").orElseThrow().accountIdFor("c")).contains("012345678901");
    }

    @Test
    void runnersAreCheckedForTheirKind() {
        LoadedConfig c = parse("""
                runners:
                  - name: a
                    kind: container
                  - name: b
                    kind: ssh
                    image: x
                  - name: a
                    kind: local
                  - kind: lokal
                    capacity: 0
                    architecture: riscv
                """);
        assertThat(messages(c)).containsExactly(
                "gantry.yaml:2:5: error: runner 'a' is a container runner: it needs an image [config-required]",
                "gantry.yaml:4:5: error: runner 'b' is an ssh runner: it needs a host [config-required]",
                "gantry.yaml:6:5: warning: image is used only by container runners; runner 'b' is of kind ssh "
                        + "[config-unused-key]",
                "gantry.yaml:9:5: error: a runner needs a name [config-required]",
                "gantry.yaml:9:11: error: unknown runner kind 'lokal': use local, container, ssh or kubernetes "
                        + "(did you mean 'local'?) [config-value]",
                "gantry.yaml:10:15: error: capacity must be a whole number from 1 to 1024, not '0' [config-value]",
                "gantry.yaml:11:19: error: unknown architecture 'riscv': use amd64 or arm64 [config-value]");
        assertThat(c.config().runners()).extracting(RunnerConfig::name).containsExactly("a");
    }

    @Test
    void duplicateRunnerNamesAndKeysAreErrors() {
        LoadedConfig c = parse("""
                runners:
                  - {name: x, kind: local}
                  - {name: x, kind: local}
                cache:
                  dir: a
                  dir: b
                """);
        assertThat(messages(c)).containsExactly(
                "gantry.yaml:3:12: error: a runner named 'x' is already configured in this file "
                        + "[config-duplicate-runner]",
                "gantry.yaml:6:3: error: duplicate key 'dir': first defined at line 5, column 3, again here; remove one "
                        + "of them [config-duplicate-key]");
    }

    @Test
    void wrongShapesAreTypeErrors() {
        LoadedConfig c = parse("""
                environments: [demo]
                runners: {name: x}
                cache:
                  maxSize: lots
                """);
        assertThat(messages(c)).containsExactly(
                "gantry.yaml:1:15: error: environments must be a mapping of keys to values [config-type]",
                "gantry.yaml:2:10: error: runners must be a list of runners (each item: '- name: ...') [config-type]",
                "gantry.yaml:4:12: error: maxSize 'lots' is not a size: write a number of bytes, or a number with "
                        + "KB, MB, GB or TB [config-value]");
    }

    @Test
    void imagesChooseThePolicyAndMapCuratedNames() {
        LoadedConfig c = parse("""
                images:
                  withoutContainer: service
                  curated:
                    CodeCatalystLinux_x86_64:2024_03: registry.example/curated:2024
                """);
        assertThat(messages(c)).isEmpty();
        assertThat(c.config().images().withoutContainer()).isEqualTo("service");
        assertThat(c.config().images().curated())
                .containsExactly(Map.entry("CodeCatalystLinux_x86_64:2024_03", "registry.example/curated:2024"));

        LoadedConfig wrong = parse("images: {withoutContainer: laptop}\n");
        assertThat(messages(wrong)).containsExactly("gantry.yaml:1:28: error: withoutContainer 'laptop' is neither "
                + "host (run such actions on their runner) nor service (in the curated image the service would pick) "
                + "[config-value]");
    }

    @Test
    void packagesMapNpmRepositoriesToARegistryAndATokenSecret() {
        LoadedConfig c = parse("""
                packages:
                  npm:
                    main-repo: {registry: "https://npm.example.com/main/", tokenSecret: NPM_TOKEN}
                    public-repo: {registry: "http://127.0.0.1:4873/"}
                """);
        assertThat(messages(c)).isEmpty();
        assertThat(c.config().npmRepositories()).containsOnlyKeys("main-repo", "public-repo");
        assertThat(c.config().npmRepositories().get("main-repo").registry()).isEqualTo("https://npm.example.com/main/");
        assertThat(c.config().npmRepositories().get("main-repo").tokenSecret()).isEqualTo("NPM_TOKEN");
        assertThat(c.config().npmRepositories().get("main-repo").origin().format()).isEqualTo("gantry.yaml:3:5");
        assertThat(c.config().npmRepositories().get("public-repo").tokenSecret()).isNull();

        LoadedConfig wrong = parse("""
                packages:
                  npm:
                    a: {registry: "ftp://npm.example.com/"}
                    b: {tokenSecret: X}
                    c: {registry: "https://x/", tokenSecret: "has space"}
                    d: {registry: "https://x/", token: plain}
                  pip: {}
                """);
        assertThat(messages(wrong)).containsExactlyInAnyOrder(
                "gantry.yaml:3:19: error: registry 'ftp://npm.example.com/' of npm repository a is not an http(s) "
                        + "URL without query, e.g. https://npm.example.com/ [config-value]",
                "gantry.yaml:4:5: error: npm repository b needs registry, the npm registry's URL, e.g. {registry: "
                        + "https://npm.example.com/, tokenSecret: NPM_TOKEN} [config-required]",
                "gantry.yaml:5:46: error: tokenSecret 'has space' of npm repository c is not a secret name (letters, "
                        + "digits, '_', '.', '-') [config-value]",
                "gantry.yaml:6:33: error: unknown key 'token' in npm repository d (did you mean 'tokenSecret'?); "
                        + "known keys: registry, tokenSecret [config-unknown-key]",
                "gantry.yaml:7:3: error: unknown key 'pip' in packages; known keys: npm [config-unknown-key]");
    }

    @Test
    void syntaxErrorsHaveAPosition() {
        LoadedConfig c = parse("environments:\n  demo: {profile: x\n");
        assertThat(c.hasErrors()).isTrue();
        assertThat(messages(c).get(0)).startsWith("gantry.yaml:3:1: error: not valid YAML: ").endsWith("[config-syntax]");
    }

    @Test
    void theYamlLayerIsTheWorkflowFilesOne() {
        LoadedConfig merged = parse("""
                base: &base {profile: p, region: eu-west-1}
                environments:
                  demo:
                    <<: *base
                    region: us-east-1
                """);
        assertThat(messages(merged)).singleElement().asString()
                .startsWith("gantry.yaml:1:1: error: unknown key 'base' in the configuration file; known keys: ")
                .endsWith("[config-unknown-key]");
        assertThat(merged.config().environments().get("demo").profile()).isEqualTo("p");
        assertThat(merged.config().environments().get("demo").region()).isEqualTo("us-east-1");

        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            bomb.append(c).append(": &").append(c).append(" [").append(("*" + (char) (c - 1) + ", ").repeat(8))
                    .append('*').append((char) (c - 1)).append("]\n");
        }
        LoadedConfig bombed = parse(bomb.toString());
        assertThat(messages(bombed)).singleElement().asString().contains("[config-syntax]", "alias");

        LoadedConfig separators = parse("cache:\n  dir: \"a\u2028b\"\n  maxSize: lots\n");
        assertThat(messages(separators)).singleElement().asString().startsWith("gantry.yaml:3:12: error:");
    }

    @Test
    void aSpecialFileIsRefusedWithTheOneMessage() throws IOException {
        Path link = java.nio.file.Files.createSymbolicLink(dir.resolve("gantry.yaml"), Path.of("/dev/zero"));
        LoadedConfig c = new ConfigLoader(dir).load(link, "gantry.yaml");
        assertThat(messages(c)).containsExactly("gantry.yaml: error: not a regular file (a device, FIFO or socket); "
                + "Gantry reads only regular files [config-unreadable]");
    }

    @Test
    void sizesUseBinaryUnits() {
        assertThat(ConfigLoader.parseSize("1048576")).isEqualTo(1048576L);
        assertThat(ConfigLoader.parseSize("512MB")).isEqualTo(512L << 20);
        assertThat(ConfigLoader.parseSize("10 gb")).isEqualTo(10L << 30);
        assertThat(ConfigLoader.parseSize("2GiB")).isEqualTo(2L << 30);
        assertThat(ConfigLoader.parseSize("1T")).isEqualTo(1L << 40);
        assertThat(ConfigLoader.parseSize("1.5GB")).isNull();
    }
}
