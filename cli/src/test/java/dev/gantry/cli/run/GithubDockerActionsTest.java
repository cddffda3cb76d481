package dev.gantry.cli.run;

import dev.gantry.runners.testing.RealDocker;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.gantry.cli.run.RunTestSupport.git;
import static dev.gantry.cli.run.RunTestSupport.repo;
import static dev.gantry.cli.run.RunTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * GitHub Docker actions through the real Docker engine (tag {@code docker}: {@code mvn -Psystem-tests}): a
 * {@code Dockerfile} action served from a local git repository through the action cache, and a
 * {@code docker://image} step. The images are built locally ({@link RealDocker}: no registry, no network).
 */
@Tag("docker")
class GithubDockerActionsTest {
    @TempDir
    Path dir;

    /** Outside the repository: the action's repository, the configuration and the action cache. */
    @TempDir
    Path outside;

    @Test
    void dockerfileAndImageActionsRunWithInputsOutputsAndTheWorkspace() throws Exception {
        RealDocker.engineOrSkip();
        Path action = RunTestSupport.gitRepository(outside, "docker-action", "main", "v1", Map.of("action.yml", """
                name: say
                inputs:
                  who:
                    default: nobody
                runs:
                  using: docker
                  image: Dockerfile
                  args:
                    - ${{ inputs.who }}
                """, "Dockerfile", """
                FROM %s
                COPY entrypoint.sh /entrypoint.sh
                ENTRYPOINT ["/usr/bin/bash", "/entrypoint.sh"]
                """.formatted(RealDocker.BASH_IMAGE), "entrypoint.sh", """
                echo "docker says hi $1 (INPUT_WHO=$INPUT_WHO) in $PWD"
                echo "said=hi-$1" >> "$GITHUB_OUTPUT"
                echo "made in a container" > "$GITHUB_WORKSPACE/from-docker.txt"
                """));
        Path cfg = outside.resolve("gantry.yaml");
        Files.writeString(cfg, "githubActions:\n  cacheDir: " + outside.resolve("cache")
                + "\n  actions:\n    acme/say: " + action + "\n");
        Path wf = repo(dir, """
                Name: docker
                SchemaVersion: "1.0"
                Actions:
                  Gh:
                    Identifier: aws/github-actions-runner@v1
                    Inputs:
                      Sources: [WorkflowSource]
                    Configuration:
                      Steps:
                        - id: say
                          uses: acme/say@v1
                          with:
                            who: mona
                        - uses: docker://%s
                          with:
                            entrypoint: /usr/bin/bash
                            args: -c "echo image-step-sees $INPUT_EXTRA"
                            extra: ${{ steps.say.outputs.said }}
                        - run: cat from-docker.txt
                """.formatted(RealDocker.BASH_IMAGE));
        git(dir, "git init -q -b main . && git add -A && git -c user.email=t@t -c user.name=t commit -qm init");
        RunTestSupport.Result r = run(wf.toString(), "--config", cfg.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("docker says hi mona (INPUT_WHO=mona) in ", "image-step-sees hi-mona",
                "made in a container");
    }

    @Test
    void githubStepsRunOnAContainerRunnerEachInItsOwnProcess() throws Exception {
        RealDocker.engineOrSkip();
        Path cfg = outside.resolve("runners.yaml");
        Files.writeString(cfg, "runners:\n  - {name: box, kind: container, architecture: amd64, image: "
                + RealDocker.BASH_IMAGE + "}\n");
        Path wf = repo(dir, """
                Name: boxed
                SchemaVersion: "1.0"
                Actions:
                  Gh:
                    Identifier: aws/github-actions-runner@v1
                    Inputs:
                      Sources: [WorkflowSource]
                    Outputs:
                      Variables: [one_where]
                    Configuration:
                      Steps:
                        - id: one
                          run: |
                            local_var=set
                            echo "where=$IMAGE_ONLY" >> "$GITHUB_OUTPUT"
                            echo "CARRIED=yes" >> "$GITHUB_ENV"
                        - run: echo "in the image ${{ steps.one.outputs.where }}, carried=$CARRIED, local=${local_var:-gone}"
                """);
        git(dir, "git init -q -b main . && git add -A && git -c user.email=t@t -c user.name=t commit -qm init");
        RunTestSupport.Result r = run(wf.toString(), "--config", cfg.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("started on box", "in the image from-image, carried=yes, local=gone");
    }
}
