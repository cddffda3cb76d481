package dev.gantry.server.runs;

import dev.gantry.runners.docker.DockerCli;
import dev.gantry.runners.testing.RealDocker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a real Docker engine (system-tests profile): containers left running by a server killed with {@code kill -9}
 * (labelled as a Gantry runner's, the run's workspace bind-mounted) are removed at the next start; a Gantry
 * container of another data folder and an unlabelled container with the same mount are left alone.
 */
@Tag("docker")
class OrphanContainersTest {
    @TempDir
    Path tmp;
    private final List<String> started = new ArrayList<>();
    private DockerCli docker;

    @AfterEach
    void removeLeftovers() {
        if (docker != null) {
            started.forEach(name -> docker.run(null, List.of("rm", "--force", name)));
        }
    }

    private String container(Path mount, boolean labelled) throws Exception {
        Files.createDirectories(mount);
        String name = "gantry-orphan-test-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> args = new ArrayList<>(List.of("run", "--detach", "--name", name));
        if (labelled) {
            args.addAll(List.of("--label", OrphanContainers.LABEL + "=orphan-test"));
        }
        args.addAll(List.of("--mount", "type=bind,source=" + mount + ",target=/work", RealDocker.BASH_IMAGE,
                "sleep", "600"));
        DockerCli.Result r = docker.run(null, args);
        assertThat(r.ok()).as(r.output()).isTrue();
        started.add(name);
        return name;
    }

    private boolean exists(String name) {
        return docker.run(null, List.of("inspect", "--format", "{{.State.Status}}", name)).ok();
    }

    @Test
    void theContainersOfTheGivenRunFoldersAreRemovedAndNoOthers() throws Exception {
        docker = RealDocker.engineOrSkip();
        Path work = tmp.resolve("data/runs/7/work");
        String orphan = container(work.resolve("Build"), true);
        String otherServer = container(tmp.resolve("other-data/runs/7/work/Build"), true);
        String notGantry = container(work.resolve("Build"), false);

        List<String> removed = new OrphanContainers(docker, null).remove(List.of(work));

        assertThat(removed).containsExactly(orphan);
        assertThat(exists(orphan)).isFalse();
        assertThat(exists(otherServer)).isTrue();
        assertThat(exists(notGantry)).isTrue();
    }

    @Test
    void withoutDockerItFindsNothing() {
        DockerCli none = new DockerCli(java.util.Map.of("PATH", tmp.toString()), java.time.Duration.ofSeconds(5));
        assertThat(new OrphanContainers(none, null).remove(List.of(tmp))).isEmpty();
    }
}
