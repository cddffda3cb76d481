package dev.gantry.service.records;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs whose owner died are marked abandoned; live runs and finished runs are left alone. */
class RunRecordsTest {
    @TempDir
    Path records;
    @TempDir
    Path scratch;

    private static String runJson(String status, long pid, Instant started) {
        return "{\"runId\": \"x\", \"status\": \"" + status + "\", \"owner\": {\"pid\": " + pid + ", \"started\": "
                + (started == null ? "null" : "\"" + started + "\"") + "}, \"actions\": ["
                + "{\"action\": \"A\", \"status\": \"running\"}, {\"action\": \"B\", \"status\": \"succeeded\"}]}";
    }

    @Test
    void aRunWhoseOwnerIsGoneIsMarkedAbandonedAndItsScratchRemoved() throws Exception {
        // a real process that has ended: its pid names no live process with its start time
        Process p = new ProcessBuilder("true").start();
        ProcessHandle.Info info = p.info();
        p.waitFor();
        Instant started = info.startInstant().orElse(Instant.EPOCH);
        Files.createDirectories(records.resolve("dead"));
        Files.writeString(records.resolve("dead/run.json"), runJson("running", p.pid(), started));
        Files.createDirectories(scratch.resolve("gantry-dead/A"));
        Files.writeString(scratch.resolve("gantry-dead/A/driver.sh"), "export TOKEN=s3cr3t\n");

        Files.createDirectories(records.resolve("alive"));
        RunRecords.Owner me = RunRecords.Owner.thisProcess();
        Files.writeString(records.resolve("alive/run.json"), runJson("running", me.pid(), me.started()));
        Files.createDirectories(records.resolve("done"));
        Files.writeString(records.resolve("done/run.json"), runJson("succeeded", p.pid(), started));

        List<String> marked = new RunRecords(records, List.of(scratch)).markAbandoned();

        assertThat(marked).containsExactly("dead");
        String dead = Files.readString(records.resolve("dead/run.json"));
        assertThat(dead).contains("\"status\": \"abandoned\"").contains("\"abandoned\": \"");
        assertThat(dead).doesNotContain("\"status\": \"running\"").contains("\"status\": \"succeeded\"");
        assertThat(scratch.resolve("gantry-dead")).doesNotExist();
        assertThat(Files.readString(records.resolve("alive/run.json"))).contains("\"status\": \"running\"");
        assertThat(Files.readString(records.resolve("done/run.json"))).contains("\"status\": \"succeeded\"");
    }

    @Test
    void aReusedPidWithAnotherStartTimeIsNotTheOwner() throws Exception {
        RunRecords.Owner me = RunRecords.Owner.thisProcess();
        Files.createDirectories(records.resolve("old"));
        Files.writeString(records.resolve("old/run.json"),
                runJson("running", me.pid(), Instant.parse("2001-01-01T00:00:00Z")));
        assertThat(new RunRecords(records, List.of()).markAbandoned()).containsExactly("old");
    }

    @Test
    void unreadableRecordsAreLeftAlone() throws Exception {
        Files.createDirectories(records.resolve("junk"));
        Files.writeString(records.resolve("junk/run.json"), "{not json");
        assertThat(new RunRecords(records, List.of()).markAbandoned()).isEmpty();
        assertThat(new RunRecords(records.resolve("missing"), List.of()).markAbandoned()).isEmpty();
    }
}
