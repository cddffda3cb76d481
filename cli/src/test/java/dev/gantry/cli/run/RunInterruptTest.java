package dev.gantry.cli.run;

import dev.gantry.cli.GantryCommand;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.gantry.cli.run.RunTestSupport.processesTagged;
import static dev.gantry.cli.run.RunTestSupport.repo;
import static org.assertj.core.api.Assertions.assertThat;

/** Ctrl-C and SIGTERM on a real {@code gantry run} process: summary printed, exit 130, nothing left running. */
class RunInterruptTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM"})
    void aSignalCancelsEverythingPrintsTheSummaryAndExits130(String signal) throws Exception {
        String tag = "gantry-sig-" + signal + "-" + System.nanoTime();
        Path wf = repo(dir, """
                Name: t
                SchemaVersion: "1.0"
                Actions:
                  Long1:
                    Identifier: aws/build@v1
                    Configuration:
                      Steps:
                        - Run: echo ready-1; (exec -a TAG-daemon sleep 300 &); exec -a TAG-1 sleep 301
                  Long2:
                    Identifier: aws/build@v1
                    Configuration:
                      Steps:
                        - Run: trap '' TERM; echo ready-2; exec -a TAG-2 sleep 302
                  After:
                    Identifier: aws/build@v1
                    DependsOn: [Long1]
                    Configuration:
                      Steps:
                        - Run: echo never
                """.replace("TAG", tag));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                GantryCommand.class.getName(), "run", wf.toString(), "--concurrency", "2")
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("GANTRY_TEST", "1");
        Process p = pb.start();
        StringBuilder out = new StringBuilder();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (out) {
                        out.append(line).append('\n');
                    }
                }
            } catch (java.io.IOException ignored) {
                // process ended
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && processesTagged(tag).size() < 3) {
            Thread.sleep(50);
        }
        assertThat(processesTagged(tag)).as(out.toString()).hasSize(3);
        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as(out.toString()).isTrue();
        reader.get(5, TimeUnit.SECONDS);
        assertThat(p.exitValue()).as(out.toString()).isEqualTo(130);
        String text = out.toString();
        assertThat(text).contains("ACTION", "Long1", "cancelled", "After", "skipped", "Run interrupted")
                .doesNotContain("never");
        assertThat(processesTagged(tag)).isEmpty();
        try (var runs = Files.list(dir.resolve(".gantry/runs"))) {
            Path runDir = runs.findFirst().orElseThrow();
            assertThat(Files.readString(runDir.resolve("run.json"))).contains("\"status\": \"interrupted\"",
                    "\"exitCode\": 130");
            assertThat(runDir.resolve("work")).doesNotExist();
        }
        assertThat(List.of(text.split("\n"))).anyMatch(l -> l.startsWith("Long1") && l.contains("ready-1"));
    }
}
