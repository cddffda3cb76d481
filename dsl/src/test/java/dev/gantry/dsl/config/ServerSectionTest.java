package dev.gantry.dsl.config;

import dev.gantry.engine.config.ServerConfig;
import dev.gantry.engine.diagnostic.Diagnostic;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code server:} section of {@code gantry.yaml} (gantry serve). */
class ServerSectionTest {
    private final ConfigLoader loader = new ConfigLoader(Path.of("/home/me"));

    private LoadedConfig parse(String text) {
        return loader.parse(text, "gantry.yaml", Path.of("/srv/gantry"));
    }

    private static List<String> messages(LoadedConfig c) {
        return c.diagnostics().stream().map(Diagnostic::format).toList();
    }

    @Test
    void readsEveryKey() {
        LoadedConfig c = parse("""
                server:
                  host: 0.0.0.0
                  port: 9090
                  dataDir: data
                  anonymousRead: true
                  database:
                    url: jdbc:postgresql://db.example.com/gantry
                    user: gantry
                    passwordEnv: GANTRY_DB_PASSWORD
                  retention: {days: 30, runsPerWorkflow: 500}
                  repositories:
                    - name: app
                      url: https://github.com/example/app.git
                      poll: 60
                      webhook: github
                      secretEnv: APP_WEBHOOK_SECRET
                      branches: [main, 'release/.*']
                    - name: local
                      url: /srv/git/local.git
                      webhook: generic
                      secretFile: ~/hook-token
                """);
        assertThat(c.diagnostics()).isEmpty();
        ServerConfig s = c.config().serverSection().orElseThrow();
        assertThat(s.host()).isEqualTo("0.0.0.0");
        assertThat(s.port()).isEqualTo(9090);
        assertThat(s.dataDir()).isEqualTo(Path.of("/srv/gantry/data"));
        assertThat(s.anonymousRead()).isTrue();
        assertThat(s.database().url()).isEqualTo("jdbc:postgresql://db.example.com/gantry");
        assertThat(s.database().passwordEnv()).isEqualTo("GANTRY_DB_PASSWORD");
        assertThat(s.retention().days()).isEqualTo(30);
        assertThat(s.retention().runsPerWorkflow()).isEqualTo(500);
        ServerConfig.RepositoryConfig app = s.repository("app").orElseThrow();
        assertThat(app.pollSeconds()).isEqualTo(60);
        assertThat(app.webhook()).isEqualTo("github");
        assertThat(app.branches()).containsExactly("main", "release/.*");
        assertThat(app.origin().format()).isEqualTo("gantry.yaml:12:7");
        assertThat(s.repository("local").orElseThrow().secretFile()).isEqualTo(Path.of("/home/me/hook-token"));
    }

    @Test
    void badValuesAreReportedAtTheirLineAndColumn() {
        LoadedConfig c = parse("""
                server:
                  port: 99999
                  anonymousRead: yes please
                  database: {url: 'mysql://x'}
                  repositories:
                    - name: app
                      url: /srv/app.git
                      webhook: githib
                      secretEnv: A
                      branches: ['(']
                    - url: /srv/b.git
                      pol: 5
                    - name: c
                      url: /srv/c.git
                      webhook: gitlab
                """);
        assertThat(messages(c)).containsExactly(
                "gantry.yaml:2:9: error: port must be a whole number from 0 to 65535, not '99999' [config-value]",
                "gantry.yaml:3:18: error: anonymousRead must be true or false, not 'yes please' [config-value]",
                "gantry.yaml:4:19: error: database url 'mysql://x' is not a PostgreSQL (jdbc:postgresql://host/db) "
                        + "or H2 (jdbc:h2:...) JDBC URL [config-value]",
                "gantry.yaml:8:16: error: unknown webhook 'githib': use github, gitlab, gitea, generic (did you "
                        + "mean 'github'?) [config-value]",
                "gantry.yaml:10:18: error: branch pattern '(' is not a regular expression: Unclosed group "
                        + "[config-value]",
                "gantry.yaml:11:7: error: a repository needs a name [config-required]",
                "gantry.yaml:12:7: error: unknown key 'pol' in a repository (did you mean 'poll'?); known keys: name, "
                        + "url, poll, webhook, secretEnv, secretFile, branches [config-unknown-key]",
                "gantry.yaml:15:7: error: repository 'c' takes gitlab webhooks: give the secret they are signed with "
                        + "as secretEnv: VARIABLE or secretFile: PATH (never in this file) [config-required]");
    }

    @Test
    void aLaterFileReplacesTheWholeSection() {
        var first = parse("server: {port: 1000, repositories: [{name: a, url: /a, poll: 5}]}").config();
        var second = parse("server: {port: 2000}").config();
        assertThat(first.overriddenBy(second).serverSection().orElseThrow().port()).isEqualTo(2000);
        assertThat(first.overriddenBy(second).serverSection().orElseThrow().repositories()).isEmpty();
        assertThat(first.overriddenBy(parse("runners: []").config()).serverSection()).contains(
                first.serverSection().orElseThrow());
    }
}
