package dev.gantry.server.it;

import dev.gantry.runners.docker.DockerCli;
import dev.gantry.runners.testing.RealDocker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a real Docker engine (system-tests profile): a server whose one runner is a container runner is killed with
 * SIGKILL while an action runs in its container; the container outlives it, and the next start removes it and
 * marks the run Abandoned.
 */
@Tag("docker")
@ExtendWith(TestDatabase.Available.class)
class ContainerCrashRecoveryTest {
    @TempDir
    Path tmp;
    private final String runner = "crash-box-" + UUID.randomUUID().toString().substring(0, 8);
    private DockerCli docker;
    private TestDatabase database;
    private ServerProcess servers;

    @AfterEach
    void cleanUp() throws Exception {
        if (servers != null) {
            servers.close();
        }
        if (docker != null) {
            containers().forEach(id -> docker.run(null, List.of("rm", "--force", id)));
        }
        if (database != null) {
            database.close();
        }
    }

    private List<String> containers() {
        DockerCli.Result r = docker.run(null, List.of("ps", "--all", "--quiet", "--filter",
                "label=dev.gantry.runner=" + runner));
        return r.output().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    @Test
    void aContainerLeftRunningByAKilledServerIsRemovedAtTheNextStart() throws Exception {
        docker = RealDocker.engineOrSkip();
        database = TestDatabase.create();
        GitFixture git = new GitFixture(tmp);
        git.write(Map.of(".codecatalyst/workflows/hold.yaml", """
                Name: Hold
                SchemaVersion: "1.0"
                Actions:
                  Hold:
                    Identifier: aws/build@v1
                    Inputs:
                      Sources: [WorkflowSource]
                    Configuration:
                      Steps:
                        - Run: echo started; while true; do sleep 0.2; done
                """));
        git.commit("workflow");
        git.push("main");
        servers = new ServerProcess(tmp, tmp.resolve("data"), git.bare, database,
                List.of("-Dgantry.test.containerRunner=" + runner + "=" + RealDocker.BASH_IMAGE));
        ApiClient api = servers.start();
        ApiClient.Answer a = api.post("/api/runs", "{\"repository\": \"app\", \"workflow\": \"Hold\"}");
        assertThat(a.status()).as(a.body()).isEqualTo(202);
        long id = a.json().path("id").asLong();
        api.await("/api/runs/" + id, j -> j.path("actions").path(0).path("state").asText().equals("running"), 180);
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (containers().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(containers()).as("the action's container").hasSize(1);

        servers.kill(); // SIGKILL
        Thread.sleep(2_000);
        assertThat(containers()).as("the container outlives the killed server until the next start").hasSize(1);

        ApiClient again = servers.start();
        again.await("/api/runs/" + id, j -> j.path("state").asText().equals("abandoned"), 120);
        assertThat(containers()).as("the container is removed").isEmpty();
        assertThat(servers.log()).contains("removed 1 container(s) left by a server that stopped without ending "
                + "them");
    }
}
