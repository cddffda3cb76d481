package dev.gantry.cli;

import dev.gantry.engine.config.Architecture;
import dev.gantry.runners.docker.DockerEngine;
import dev.gantry.runners.routing.BinfmtEmulation;
import dev.gantry.runners.routing.HostFacts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code gantry runners} in this JVM, with a {@code binfmt_misc}-shaped folder of real files and a Docker probe the
 * test controls (the machine's own are exercised by the runners module's tests).
 */
class RunnersCommandTest {
    @TempDir
    Path dir;

    HostFacts host(boolean emulator, boolean docker) throws Exception {
        Path binfmt = Files.createDirectories(dir.resolve("binfmt_misc"));
        Files.writeString(binfmt.resolve("status"), "enabled\n");
        if (emulator) {
            Files.writeString(binfmt.resolve("qemu-aarch64"), "enabled\ninterpreter /usr/bin/qemu-aarch64-static\n"
                    + "flags: F\noffset 0\nmagic 7f454c460201010000000000000000000200b700\nmask ff\n");
        }
        DockerEngine engine = docker ? DockerEngine.reachable(null, Optional.of(Architecture.AMD64), "20.10.24")
                : DockerEngine.unreachable(null, "no Docker engine answers: connection refused");
        return new HostFacts(Architecture.AMD64, new BinfmtEmulation(binfmt), h -> engine, Map.of());
    }

    CommandRun runners(HostFacts host, String... args) {
        return CommandRun.of(new RunnersCommand(dir, () -> host), args);
    }

    @Test
    void theDefaultsAreTheLocalRunnerAndAnEmulatedOneWhenThisMachineCanEmulate() throws Exception {
        CommandRun r = runners(host(true, true));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Default runners", "RUNNER", "local             local  amd64",
                "arm64 (emulated)  local  arm64 (emulated)  Linux.Arm64.*", "qemu-aarch64 registered in binfmt_misc",
                "engine 20.10.24 (amd64)");
    }

    @Test
    void anEmulatedRunnerThisMachineCannotRunIsShownUnusableWithTheReasonAndExit1() throws Exception {
        CommandRun r = runners(host(false, false), "--json");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("\"name\": \"arm64 (emulated)\"", "\"usable\": false",
                "no Docker engine answers: connection refused",
                "no qemu-aarch64 emulator is registered in " + dir.resolve("binfmt_misc"));
        assertThat(r.out()).as("the native runner is usable without Docker")
                .contains("\"name\": \"local\",\n      \"kind\": \"local\",\n      \"architecture\": \"amd64\"");
    }

    @Test
    void configuredRunnersReplaceTheDefaults() throws Exception {
        Files.writeString(dir.resolve("gantry.yaml"), "runners:\n  - name: big\n    kind: local\n"
                + "    fleets: [my-fleet]\n    tags: [fast]\n    capacity: 3\n");
        CommandRun r = runners(host(false, false));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Runners from the configuration", "big     local  amd64  my-fleet  fast  3",
                "big, from " + dir.resolve("gantry.yaml") + ":2:5:")
                .doesNotContain("emulated");
    }

    @Test
    void aConfigurationErrorIsExit2() throws Exception {
        Files.writeString(dir.resolve("bad.yaml"), "runners:\n  - name: x\n    kind: lokal\n");
        CommandRun r = runners(host(true, true), "--runner-config", dir.resolve("bad.yaml").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("unknown runner kind 'lokal'");
    }
}
