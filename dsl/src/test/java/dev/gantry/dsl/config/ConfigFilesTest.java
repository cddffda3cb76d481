package dev.gantry.dsl.config;

import dev.gantry.engine.config.EnvironmentConfig;
import dev.gantry.engine.config.GantryConfig;
import dev.gantry.engine.config.RunnerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigFilesTest {
    @TempDir
    Path tmp;

    private Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    void repositoryFileOverridesUserFilePerKeyAndExplicitFileOverridesBoth() throws IOException {
        Path home = tmp.resolve("home");
        Path repo = tmp.resolve("repo");
        write(home.resolve(".config/gantry/config.yaml"), """
                environments:
                  demo: {profile: mine, region: eu-west-1, connections: {dev: {accountId: '111111111111'}}}
                  personal: {profile: me}
                runners:
                  - {name: arm, kind: ssh, host: graviton, capacity: 2}
                cache: {dir: ~/cache, maxSize: 1GB}
                """);
        write(repo.resolve("gantry.yaml"), """
                environments:
                  demo:
                    region: us-west-2
                    connections: {prod: {accountId: '222222222222'}}
                runners:
                  - {name: arm, kind: local, architecture: arm64}
                  - {name: amd, kind: local}
                cache: {maxSize: 5GB}
                """);
        Path extra = write(tmp.resolve("extra.yaml"), "environments: {demo: {endpointUrl: 'http://127.0.0.1:1'}}\n");

        ConfigFiles files = new ConfigFiles(home, repo, Map.of());
        LoadedConfig loaded = files.load(repo, extra);

        assertThat(loaded.hasErrors()).isFalse();
        assertThat(loaded.files()).containsExactly("~/.config/gantry/config.yaml", "gantry.yaml",
                tmp.resolve("extra.yaml").toString());
        GantryConfig c = loaded.config();
        EnvironmentConfig demo = c.environment("demo").orElseThrow();
        assertThat(demo.profile()).isEqualTo("mine");
        assertThat(demo.region()).isEqualTo("us-west-2");
        assertThat(demo.endpointUrl()).isEqualTo("http://127.0.0.1:1");
        assertThat(demo.accountIdFor("dev")).contains("111111111111");
        assertThat(demo.accountIdFor("prod")).contains("222222222222");
        assertThat(c.environment("personal")).isPresent();
        assertThat(c.runners()).extracting(RunnerConfig::name).containsExactly("arm", "amd");
        assertThat(c.runner("arm").orElseThrow().host()).isNull();
        assertThat(c.cache().dir()).isEqualTo(home.resolve("cache"));
        assertThat(c.cache().maxSizeBytes()).isEqualTo(5L << 30);
    }

    @Test
    void environmentFlagSetsTheProfileKeepingTheRest() throws IOException {
        Path repo = tmp.resolve("repo");
        write(repo.resolve("gantry.yaml"), "environments: {demo: {profile: a, region: us-east-2}}\n");
        GantryConfig c = new ConfigFiles(tmp.resolve("home"), repo, Map.of()).load(repo, null).config()
                .withEnvironmentProfile("demo", "b").withEnvironmentProfile("other", "c");
        assertThat(c.environment("demo").orElseThrow().profile()).isEqualTo("b");
        assertThat(c.environment("demo").orElseThrow().region()).isEqualTo("us-east-2");
        assertThat(c.environment("other").orElseThrow().profile()).isEqualTo("c");
    }

    @Test
    void missingExplicitFileIsAnError() {
        LoadedConfig loaded = new ConfigFiles(tmp, tmp, Map.of()).load(tmp, Path.of("nope.yaml"));
        assertThat(loaded.hasErrors()).isTrue();
        assertThat(loaded.diagnostics().get(0).format()).isEqualTo("nope.yaml: error: no such file [config-unreadable]");
    }

    @Test
    void userFileFollowsXdgConfigHome() {
        ConfigFiles files = new ConfigFiles(tmp, tmp, Map.of("XDG_CONFIG_HOME", "/etc/xdg-me"));
        assertThat(files.userFile()).isEqualTo(Path.of("/etc/xdg-me/gantry/config.yaml"));
    }

    @Test
    void repositoryRootIsTheFolderAboveCodecatalyst() throws IOException {
        Path wf = write(tmp.resolve("r/.codecatalyst/workflows/sub/w.yaml"), "Name: w\n");
        assertThat(new ConfigFiles(tmp, tmp, Map.of()).repositoryRootOf(wf)).isEqualTo(tmp.resolve("r"));
    }
}
