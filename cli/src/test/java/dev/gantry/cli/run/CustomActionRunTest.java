package dev.gantry.cli.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.gantry.cli.run.RunTestSupport.repo;
import static dev.gantry.cli.run.RunTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Custom (ADK) actions through {@code gantry run}: the repository's own action ({@code Identifier: .}) and an
 * {@code owner/name@v1} action mapped in gantry.yaml, run with the real installed {@code node}; INPUT_ variables,
 * defaults, Pre/Post, {@code ::set-output} as output variables used downstream, and the plan-time errors.
 */
class CustomActionRunTest {
    static final String ACTION_YML = """
            SchemaVersion: '1.0'
            Name: 'Greeter'
            Version: '1.0.0'
            Configuration:
              Who:
                Description: 'whom to greet'
                Required: true
                Type: string
              Greeting:
                Description: 'the word'
                Required: false
                Default: 'Hello'
                Type: string
            Runs:
              Using: 'node18'
              Pre: 'dist/pre.js'
              Main: 'dist/index.js'
              Post: 'dist/post.js'
            """;

    @TempDir
    Path dir;

    static void writeAction(Path folder) throws IOException {
        Files.createDirectories(folder.resolve(".codecatalyst/actions"));
        Files.createDirectories(folder.resolve("dist"));
        Files.writeString(folder.resolve(".codecatalyst/actions/action.yml"), ACTION_YML);
        Files.writeString(folder.resolve("dist/pre.js"), "console.log('pre in ' + require('path').basename(process.cwd()));\n");
        Files.writeString(folder.resolve("dist/index.js"), """
                const who = process.env.INPUT_WHO;
                if (who === 'nobody') { console.error('no one to greet'); process.exit(3); }
                console.log(`${process.env.INPUT_GREETING}, ${who}`);
                console.log(`::set-output name=message::${process.env.INPUT_GREETING}, ${who}!`);
                """);
        Files.writeString(folder.resolve("dist/post.js"), "console.log('post ran');\n");
    }

    @Test
    void theRepositorysOwnActionRunsWithNodeAndItsOutputsFlowDownstream() throws Exception {
        writeAction(dir);
        Path wf = repo(dir, """
                Name: custom
                SchemaVersion: "1.0"
                Actions:
                  Greet:
                    Identifier: .
                    Inputs:
                      Sources: [WorkflowSource]
                    Configuration:
                      Who: world
                  Use:
                    Identifier: aws/build@v1
                    Configuration:
                      Steps:
                        - Run: echo "got ${Greet.message}"
                """);
        RunTestSupport.Result r = run(wf.toString(), "--json");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.status("Greet")).isEqualTo("succeeded");
        assertThat(r.out()).contains("\"text\":\"pre in WorkflowSource\"", "\"text\":\"Hello, world\"",
                "\"text\":\"post ran\"", "\"text\":\"got Hello, world!\"");
    }

    @Test
    void aFailingMainFailsTheActionAfterItsPostScriptAndSkipsDependents() throws Exception {
        writeAction(dir);
        Path wf = repo(dir, """
                Name: custom
                SchemaVersion: "1.0"
                Actions:
                  Greet:
                    Identifier: .
                    Configuration: {Who: nobody}
                  Use:
                    Identifier: aws/build@v1
                    Configuration:
                      Steps:
                        - Run: echo "got ${Greet.message}"
                """);
        RunTestSupport.Result r = run(wf.toString(), "--json");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.status("Greet")).isEqualTo("failed");
        assertThat(r.status("Use")).isEqualTo("skipped");
        assertThat(r.out()).contains("no one to greet", "post ran", ". Main (dist/index.js) failed: exitcode '3'");
    }

    @Test
    void aMissingRequiredInputIsAPlanTimeError() throws Exception {
        writeAction(dir);
        Path wf = repo(dir, """
                Name: custom
                SchemaVersion: "1.0"
                Actions:
                  Greet:
                    Identifier: .
                    Configuration: {Greeting: Hi}
                """);
        RunTestSupport.Result r = run(wf.toString());
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("error: action 'Greet' (.): input parameter 'Who' is required for action "
                + "'Greet'").contains("[action-configuration]").contains("nothing was run");
    }

    @Test
    void aMappedActionRunsFromItsFolderAndAnUnmappedOneSaysHowToMapIt() throws Exception {
        Path action = Files.createDirectories(dir.resolve("greeter-action"));
        writeAction(action);
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Path wf = repo(repo, """
                Name: custom
                SchemaVersion: "1.0"
                Actions:
                  Greet:
                    Identifier: acme/greeter@v1
                    Configuration: {Who: team, Greeting: Hi}
                  Labs:
                    Identifier: codecatalyst-labs/publish-to-sns@v1
                    Configuration: {TopicArn: x}
                """);
        RunTestSupport.Result unmapped = run(wf.toString());
        assertThat(unmapped.exitCode()).isEqualTo(3);
        assertThat(unmapped.err()).contains("custom action 'acme/greeter@v1' is not mapped")
                .contains("actions:\n    acme/greeter@v1: {path: ../greeter}")
                .contains("custom action 'codecatalyst-labs/publish-to-sns@v1' is not mapped");

        Files.writeString(repo.resolve("gantry.yaml"), "actions:\n  acme/greeter@v1: {path: ../greeter-action}\n");
        RunTestSupport.Result r = run(wf.toString(), "--json", "--action", "Greet");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("\"text\":\"Hi, team\"");
    }
}
