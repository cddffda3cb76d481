package dev.gantry.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code gantry list} in-process. */
class ListCommandTest {
    @TempDir
    Path repo;

    @Test
    void seedExampleListsEachActionWithFleetAndArchitecture() {
        CommandRun r = CommandRun.of(new ListCommand(GraphCommandTest.EXAMPLES),
                "hello-world-multiarch/.codecatalyst/workflows/multiarch.yaml");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("""
                NAME                 IDENTIFIER     DEPENDS ON                               FLEET                ARCH
                docker_build_amd64   aws/build@v1   -                                        Linux.x86-64.Large   amd64
                docker_build_arm64   aws/build@v1   -                                        Linux.Arm64.Large    arm64
                docker_manifest      aws/build@v1   docker_build_arm64, docker_build_amd64   Linux.x86-64.Large   amd64
                """);
    }

    @Test
    void groupsGatesAndProvisionedFleets() throws IOException {
        Path f = repo.resolve(".codecatalyst/workflows/release.yaml");
        Files.createDirectories(f.getParent());
        Files.writeString(f, GraphCommandTest.RELEASE);
        CommandRun r = CommandRun.of(new ListCommand(repo), "release");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("""
                NAME           IDENTIFIER            DEPENDS ON                  FLEET                ARCH
                Build          aws/build@v1          -                           Linux.x86-64.Large   amd64
                Checks.Unit    aws/managed-test@v1   Build                       Linux.x86-64.Large   amd64
                Checks.Smoke   aws/managed-test@v1   Build, Checks.Unit          Linux.x86-64.Large   amd64
                Approve        aws/approval@v1       Checks.Unit, Checks.Smoke   -                    -
                Publish        aws/build@v1          Approve, Build              my-gpu-fleet         ?
                """);
    }

    @Test
    void jsonForTools() {
        CommandRun r = CommandRun.of(new ListCommand(GraphCommandTest.EXAMPLES), "hello-world-multiarch", "--json");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("[\n  {\"name\": \"docker_build_amd64\", \"identifier\": \"aws/build@v1\", "
                + "\"dependsOn\": [], \"fleet\": \"Linux.x86-64.Large\", \"architecture\": \"amd64\"},")
                .endsWith("\"fleet\": \"Linux.x86-64.Large\", \"architecture\": \"amd64\"}\n]\n");
    }

    @Test
    void missingFileIsAUsageError() {
        CommandRun r = CommandRun.of(new ListCommand(repo), "nope.yaml");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("gantry: no such file: nope.yaml\n");
    }
}
