package dev.gantry.runners.shell;

import dev.gantry.runners.testing.RecordingEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The sh driver run by this machine's real {@code /bin/sh} (dash on Debian): the bash-less images' semantics. */
class PosixDriverTest {
    @TempDir
    Path tmp;

    final RecordingEvents events = new RecordingEvents();

    int run(List<String> steps, List<String> outputs) throws Exception {
        Path wd = Files.createDirectories(tmp.resolve("ws/sub"));
        String nonce = BashDriver.newNonce();
        String program = PosixDriver.program(tmp.toString(), wd.getParent().toString(),
                Map.of("GREETING", "it's \"quoted\"\nand two lines"), steps, outputs, nonce, "cookie");
        Process p = new ProcessBuilder(StepShell.POSIX.command("cookie")).redirectErrorStream(true).start();
        p.getOutputStream().write(program.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        StepTracker tracker = new StepTracker(nonce, steps.size(), events);
        tracker.readAll(p.getInputStream());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    @Test
    void variablesAndTheDirectoryCarryAcrossStepsAndOutputsKeepEveryCharacter() throws Exception {
        int exit = run(List.of("X=kept; cd sub", "echo \"x=$X dir=${PWD##*/}\"; printf '%s\\n' \"$GREETING\"",
                "OUT=\"a b\nc\"; echo \"cookie=$GANTRY_ACTION_COOKIE\"; echo \"temp=$GANTRY_ACTION_TEMP\"; "
                        + "touch \"$GANTRY_ACTION_TEMP/f\""), List.of("OUT", "UNSET"));

        assertThat(exit).isZero();
        assertThat(events.lines()).containsExactly("x=kept dir=sub", "it's \"quoted\"", "and two lines",
                "cookie=cookie", "temp=" + tmp.resolve(BashDriver.TEMP));
        assertThat(tmp.resolve(BashDriver.TEMP + "/f")).as("made by the driver, writable").exists();
        assertThat(events.all).contains("S1", "E1=0", "S3", "E3=0");
        assertThat(OutputVariables.parse(Files.readAllBytes(tmp.resolve(BashDriver.OUTPUTS))))
                .containsExactly(Map.entry("OUT", "a b\nc"));
    }

    @Test
    void aFailingStepEndsTheActionWithItsStatus() throws Exception {
        int exit = run(List.of("echo one", "false", "echo never"), List.of());

        assertThat(exit).isEqualTo(1);
        assertThat(events.lines()).containsExactly("one");
        assertThat(events.all).contains("E2=1").doesNotContain("S3");
    }
}
