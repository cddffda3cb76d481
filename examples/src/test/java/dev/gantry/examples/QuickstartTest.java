package dev.gantry.examples;

import dev.gantry.cli.GantryCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs {@code examples/quickstart} as the README's "run the demo" command does, on a copy of the folder. */
class QuickstartTest {
    @TempDir
    Path tmp;

    @Test
    void theQuickstartRunsWithItsSecretMasked() throws Exception {
        Path example = copy(Path.of("quickstart"), tmp.resolve("quickstart"));
        String secret = Files.readString(example.resolve("demo.secrets")).lines()
                .filter(l -> l.startsWith("DEMO_TOKEN=")).findFirst().orElseThrow().substring("DEMO_TOKEN=".length());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = GantryCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("run", example.resolve(".codecatalyst/workflows/quickstart.yaml").toString(),
                "--secrets-file", example.resolve("demo.secrets").toString(), "--json", "--concurrency", "4");
        String json = out.toString();
        assertThat(code).as(json + err).isZero();
        for (String a : new String[] {"Prepare", "Lint", "Test", "Package", "Docs"}) {
            assertThat(event(json, "action.finished", a)).contains("\"status\":\"succeeded\"");
        }
        // the diamond: Lint and Test overlap; Package waits for both
        assertThat(time(json, "action.started", "Test")).isBefore(time(json, "action.finished", "Lint"));
        assertThat(time(json, "action.started", "Package")).isAfter(time(json, "action.finished", "Lint"))
                .isAfter(time(json, "action.finished", "Test"));
        // an output variable consumed downstream, multi-line value intact
        assertThat(json).contains("tested version 1.0.").contains("\"text\":\"second line: \\\"quotes\\\" and $dollars\"")
                .contains("fresh workspace, Lint's files are not here");
        // the secret never shows
        assertThat(json + err).doesNotContain(secret).contains("calling the API with token ***");
        try (Stream<Path> files = Files.walk(example.resolve(".gantry"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f)).doesNotContain(secret);
            }
        }
    }

    static String event(String json, String type, String action) {
        return json.lines().filter(l -> l.contains("\"type\":\"" + type + "\"")
                && l.contains("\"action\":\"" + action + "\"")).findFirst().orElseThrow();
    }

    static Instant time(String json, String type, String action) {
        Matcher m = Pattern.compile("\"time\":\"([^\"]+)\"").matcher(event(json, type, action));
        assertThat(m.find()).isTrue();
        return Instant.parse(m.group(1));
    }

    static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.filter(p -> !p.toString().contains("/.gantry")).toList()) {
                Path dst = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dst);
                } else {
                    Files.copy(p, dst, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }
}
