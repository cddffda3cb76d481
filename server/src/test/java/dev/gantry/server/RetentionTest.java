package dev.gantry.server;

import dev.gantry.server.history.Database;
import dev.gantry.server.history.HistoryStore;
import dev.gantry.server.history.NewRun;
import dev.gantry.server.history.RunState;
import dev.gantry.server.runs.RunFiles;
import dev.gantry.server.webhook.DeliveryLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Retention on a real H2 file and real run folders: what is old or surplus goes, with its logs and artifacts. */
class RetentionTest {
    @TempDir
    Path data;

    @Test
    void oldAndSurplusFinishedRunsGoWithTheirFilesRunningOnesStay() throws Exception {
        Instant now = Instant.parse("2026-12-04T12:00:00Z");
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        try (Database db = Database.open(Database.embeddedUrl(data), null, null, 2)) {
            HistoryStore history = new HistoryStore(db);
            RunFiles files = new RunFiles(data);
            long[] ids = new long[4];
            long[] created = {now.minus(Duration.ofDays(40)).toEpochMilli(), now.minus(Duration.ofDays(2)).toEpochMilli(),
                    now.minus(Duration.ofDays(1)).toEpochMilli(), now.minus(Duration.ofDays(50)).toEpochMilli()};
            for (int i = 0; i < 4; i++) {
                ids[i] = history.createRun(new NewRun("app", "Build", "b.yaml", "main", "c".repeat(40), "PUSH", null,
                        "gantry", Map.of(), null), created[i]);
                Files.createDirectories(files.runDir(ids[i]).resolve("logs"));
                Files.writeString(files.logFile(ids[i], "A"), "log\n");
                if (i < 3) {
                    history.markFinished(ids[i], RunState.SUCCEEDED, null, created[i] + 1000);
                }
            }
            DeliveryLog deliveries = new DeliveryLog(db);
            deliveries.firstTime("github", "old", now.minus(Duration.ofDays(31)).toEpochMilli());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            EventLog log = new EventLog(new PrintStream(out, true, StandardCharsets.UTF_8), clock);

            assertThat(new Retention(history, deliveries, files, 30, 1, clock, log).apply())
                    .containsExactly(ids[0], ids[1]);
            assertThat(history.run(ids[0])).isEmpty();
            assertThat(Files.exists(files.runDir(ids[0]))).isFalse();
            assertThat(Files.exists(files.runDir(ids[1]))).isFalse();
            assertThat(history.run(ids[2])).isPresent();
            assertThat(Files.exists(files.logFile(ids[2], "A"))).isTrue();
            assertThat(history.run(ids[3])).get().extracting(r -> r.state()).isEqualTo(RunState.QUEUED);
            assertThat(deliveries.firstTime("github", "old", now.toEpochMilli())).isTrue();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("retention: removed 2 run(s)");
        }
    }
}
