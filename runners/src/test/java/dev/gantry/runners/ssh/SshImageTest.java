package dev.gantry.runners.ssh;

import dev.gantry.engine.config.Architecture;
import dev.gantry.engine.config.ConfigOrigin;
import dev.gantry.engine.config.GantryConfig;
import dev.gantry.engine.config.RunnerConfig;
import dev.gantry.engine.config.RunnerKind;
import dev.gantry.engine.run.Cancellation;
import dev.gantry.engine.run.Runner;
import dev.gantry.engine.run.StepsJob;
import dev.gantry.engine.run.StepsResult;
import dev.gantry.runners.docker.DockerCli;
import dev.gantry.runners.docker.DockerEngine;
import dev.gantry.runners.image.ActionImages;
import dev.gantry.runners.image.ImageRunner;
import dev.gantry.runners.image.ImageSettings;
import dev.gantry.runners.image.SdkEcrLogin;
import dev.gantry.runners.routing.BinfmtEmulation;
import dev.gantry.runners.routing.HostFacts;
import dev.gantry.runners.routing.RunnerPool;
import dev.gantry.runners.testing.RealDocker;
import dev.gantry.runners.testing.RealSshd;
import dev.gantry.runners.testing.RecordingEvents;
import dev.gantry.runners.testing.SampleJobs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An ssh runner whose host has a Docker engine runs an action that declares {@code Configuration.Container} in that
 * image, through the host's {@code docker} over the ssh connection: a real OpenSSH server on a loopback port (the
 * "host" is this machine, whose engine answers at {@code /var/run/docker.sock}), the real engine, and images only
 * the engine has ({@code httpd}, BusyBox-based: {@code /usr/local/apache2}; {@code gantry-test/bash}: its own
 * {@code ENV}).
 */
@Tag("sshd")
@Tag("docker")
class SshImageTest {
    /** sshd's keys, configuration and log: removed by JUnit after the class, whatever happened. */
    @TempDir
    static Path serverDir;
    static RealSshd sshd;
    static DockerCli docker;

    @TempDir
    Path tmp;

    final String name = "ssh-images-" + UUID.randomUUID().toString().substring(0, 8);
    final RecordingEvents events = new RecordingEvents();
    ImageRunner runner;

    @BeforeAll
    static void server() throws Exception {
        docker = RealDocker.engineOrSkip();
        sshd = RealSshd.startOrSkip(serverDir);
    }

    @AfterAll
    static void stop() {
        RealSshd.stop(sshd);
    }

    @AfterEach
    void closeRunner() {
        if (runner != null) {
            runner.close();
            assertThat(RealDocker.containersLabelled(docker, "dev.gantry.runner=" + name)).isEmpty();
        }
    }

    ImageRunner runner() {
        SshTransport transport = new SshTransport(name, null, Set.of(), Set.of(), new SshTarget("127.0.0.1",
                sshd.port, sshd.user, List.of(sshd.clientKey), sshd.knownHosts), Duration.ofSeconds(10));
        transport.probe(); // the architecture, as the pool's health check reads it
        // this machine's client is given no PATH: everything docker does goes through the ssh connection
        runner = ImageRunner.overSsh(SshRunner.create(name, transport, 2, Duration.ofMillis(500), true),
                transport, new ActionImages(ImageSettings.defaults(), new DockerCli(Map.of("PATH", ""),
                        Duration.ofSeconds(30)), new SdkEcrLogin()), Duration.ofMillis(500));
        return runner;
    }

    @Test
    void theActionRunsInItsImageOnTheHostsEngineWithTheWorkspaceSentThereAndBack() throws Exception {
        StepsJob job = SampleJobs.inImage(SampleJobs.build(tmp, List.of(
                "X=kept; cd sub",
                "ls /usr/local/apache2/htdocs; echo \"arch=$(uname -m) x=$X\"; cat ../input.txt",
                "case \"$PWD\" in /tmp/gantry.*/fs" + tmp + "/*) echo at-the-hosts-copy;; *) echo \"at $PWD\";; esac",
                "echo made >../made.txt; rm ../doomed.txt; OUT=done"), List.of("OUT"), Map.of(), List.of()),
                "DockerHub", "httpd:latest");
        StepsResult r = runner().runSteps(job, events, new Cancellation());

        assertThat(r.succeeded()).as(events.all + " " + r.message()).isTrue();
        assertThat(events.lines()).contains("index.html", "from the repository", "at-the-hosts-copy")
                .anyMatch(l -> l.startsWith("arch=") && l.endsWith(" x=kept"))
                .anyMatch(l -> l.startsWith("gantry: container gantry-Build-") && l.endsWith(" on "
                        + sshd.user + "@127.0.0.1:" + sshd.port + " has no bash: the steps run with /bin/sh"));
        assertThat(r.outputs()).containsEntry("OUT", "done");
        Path src = job.workingDirectory();
        assertThat(src.resolve("made.txt")).as("copied back from the host").hasContent("made");
        assertThat(src.resolve("doomed.txt")).as("deleted there, deleted here").doesNotExist();
    }

    @Test
    void anImageWithBashRunsTheBashDriverAndTheHostsEngineIsProbedOverSsh() throws Exception {
        StepsJob job = SampleJobs.inImage(SampleJobs.build(tmp, List.of("echo \"image=$IMAGE_ONLY\"; OUT=$BASH_VERSION"),
                List.of("OUT"), Map.of(), List.of()), "DockerHub", RealDocker.BASH_IMAGE);
        ImageRunner r0 = runner();
        assertThat(r0.problem("Build", job.action())).as("the host's engine answers over ssh").isEmpty();
        StepsResult r = r0.runSteps(job, events, new Cancellation());

        assertThat(r.succeeded()).as(events.all + " " + r.message()).isTrue();
        assertThat(events.lines()).containsExactly("image=from-image");
        assertThat(r.outputs().get("OUT")).isNotBlank();
    }

    /**
     * A Gantry killed while an action ran in its image on an ssh host leaves the container running on the host's
     * engine (the engine is its parent, not the ssh session): the next Gantry's sweep of the dead run's folders
     * removes it, with the folder.
     */
    @Test
    void theNextGantrysSweepRemovesTheContainerOfADeadRunOnTheHostsEngine() throws Exception {
        StepsJob job = SampleJobs.inImage(SampleJobs.build(tmp, List.of("echo started; sleep 300"), List.of(),
                Map.of(), List.of()), "DockerHub", RealDocker.BASH_IMAGE);
        var running = SampleJobs.start(runner(), job, events, new Cancellation());
        SampleJobs.waitFor(() -> events.lines().contains("started"));
        assertThat(RealDocker.containersLabelled(docker, "dev.gantry.runner=" + name)).hasSize(1);
        SshTransport next = new SshTransport("next", null, Set.of(), Set.of(), new SshTarget("127.0.0.1",
                sshd.port, sshd.user, List.of(sshd.clientKey), sshd.knownHosts), Duration.ofSeconds(10));
        try {
            SshTransport.LeftoverSweep other = next.sweepLeftovers(List.of(tmp.resolve("another-run")));
            assertThat(other.containers()).isEmpty();
            assertThat(RealDocker.containersLabelled(docker, "dev.gantry.runner=" + name))
                    .as("another run's container is left alone").hasSize(1);

            SshTransport.LeftoverSweep swept = next.sweepLeftovers(List.of(tmp));
            assertThat(swept.problem()).isNull();
            assertThat(swept.containers()).hasSize(1);
            assertThat(swept.removed()).hasSize(1);
            assertThat(RealDocker.containersLabelled(docker, "dev.gantry.runner=" + name)).isEmpty();
        } finally {
            next.close();
        }
        assertThat(running.handle((result, error) -> error == null && result.succeeded())
                .get(60, java.util.concurrent.TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void anUnreachableEngineOnTheHostIsAPlanTimeProblem() throws Exception {
        SshTransport transport = new SshTransport(name, null, Set.of(), Set.of(), new SshTarget("127.0.0.1", 1,
                sshd.user, List.of(sshd.clientKey), sshd.knownHosts), Duration.ofSeconds(5));
        DockerEngine engine = transport.dockerEngine();
        assertThat(engine.reachable()).isFalse();
        assertThat(engine.problem()).isNotBlank();
    }

    @Test
    void aConfiguredSshRunnerOfThePoolRunsActionsInTheirImage() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home/.ssh"));
        Files.copy(sshd.knownHosts, home.resolve("known_hosts"));
        HostFacts host = new HostFacts(Architecture.AMD64, new BinfmtEmulation(tmp.resolve("no-binfmt")),
                h -> DockerEngine.unreachable(h, "not asked"), Map.of("HOME", home.getParent().toString()));
        RunnerConfig remote = new RunnerConfig(name, RunnerKind.SSH, null, List.of(), List.of(), 1, null,
                "127.0.0.1", sshd.port, sshd.user, sshd.clientKey, null, ConfigOrigin.COMMAND_LINE);
        try (RunnerPool pool = RunnerPool.of(new GantryConfig(Map.of(), null, List.of(remote), null), host, 2)) {
            pool.runners().get(0).health(); // probes the host (its architecture)
            Runner r = pool.runners().get(0).runner();
            assertThat(r).isInstanceOf(ImageRunner.class);
            StepsJob job = SampleJobs.inImage(SampleJobs.build(tmp, List.of("echo \"image=$IMAGE_ONLY\""),
                    List.of(), Map.of(), List.of()), "DockerHub", RealDocker.BASH_IMAGE);
            StepsResult result = r.runSteps(job, events, new Cancellation());
            assertThat(result.succeeded()).as(events.all + " " + result.message()).isTrue();
            assertThat(events.lines()).containsExactly("image=from-image");
        }
        assertThat(RealDocker.containersLabelled(docker, "dev.gantry.runner=" + name)).isEmpty();
    }
}
