package dev.gantry.server.runs;

import dev.gantry.engine.config.RunnerKind;
import dev.gantry.engine.run.Runner;
import dev.gantry.runners.docker.DockerCli;
import dev.gantry.runners.image.ImageRunner;
import dev.gantry.runners.kubernetes.KubernetesTransport;
import dev.gantry.runners.routing.PooledRunner;
import dev.gantry.runners.ssh.SshTransport;
import dev.gantry.runners.transport.ShellRunner;
import dev.gantry.server.EventLog;

import java.nio.file.Path;
import java.util.List;

/**
 * At start-up, ends what the actions of a server that died without ending them (a {@code kill -9}) left running,
 * wherever they ran: step processes on this machine ({@link OrphanProcesses}), their containers
 * ({@link OrphanContainers}, on this machine's Docker engine and each runner's {@code dockerHost}), and their
 * processes and folders on the ssh runners' hosts ({@link SshTransport#sweepLeftovers}, when a host is reachable;
 * when it is not, a log line says so and its leftovers stay), and the pods of the kubernetes runners
 * ({@link KubernetesTransport#sweepLeftovers}). Each finding is one log line.
 */
public final class CrashLeftovers {
    private final List<PooledRunner> runners;
    private final DockerCli docker;
    private final EventLog log;

    /**
     * @param runners the configured runners (their ssh hosts and docker engines are swept)
     * @param docker  this machine's docker client
     */
    public CrashLeftovers(List<PooledRunner> runners, DockerCli docker, EventLog log) {
        this.runners = List.copyOf(runners);
        this.docker = docker;
        this.log = log;
    }

    /**
     * Ends everything working in one of {@code folders} (the work folders of the runs that were in progress or
     * queued, and the shared workspaces folder), and on the ssh runners' hosts and the kubernetes runners' clusters,
     * what the runs {@code inProgress} left there (only worth a connection when runs were in progress).
     */
    public void end(List<Path> folders, List<String> inProgress) {
        boolean remote = !inProgress.isEmpty();
        List<Long> processes = new OrphanProcesses(Path.of("/proc")).kill(folders);
        if (!processes.isEmpty()) {
            log.log("killed " + processes.size() + " step process(es) left by a server that stopped without ending "
                    + "them");
        }
        List<String> hosts = new java.util.ArrayList<>();
        hosts.add(null);
        runners.stream().map(PooledRunner::dockerHost).filter(h -> h != null && !hosts.contains(h))
                .forEach(hosts::add);
        for (String host : hosts) {
            List<String> containers = new OrphanContainers(docker, host).remove(folders);
            if (!containers.isEmpty()) {
                log.log("removed " + containers.size() + " container(s) left by a server that stopped without "
                        + "ending them" + (host == null ? "" : " (on " + host + ")") + ": "
                        + String.join(", ", containers));
            }
        }
        if (!remote) {
            return;
        }
        for (PooledRunner r : runners) {
            Runner runner = r.runner() instanceof ImageRunner images ? images.host() : r.runner();
            if (r.kind() == RunnerKind.KUBERNETES && runner instanceof ShellRunner shell
                    && shell.transport() instanceof KubernetesTransport cluster) {
                KubernetesTransport.PodSweep swept = cluster.sweepLeftovers(inProgress);
                if (swept.problem() != null) {
                    log.log("kubernetes runner " + r.name() + ": could not delete the pods runs left there ("
                            + swept.problem() + "); they end at their own deadline");
                } else if (!swept.deleted().isEmpty()) {
                    log.log("kubernetes runner " + r.name() + ": deleted " + swept.deleted().size() + " pod(s) left "
                            + "by a server that stopped without ending them: " + String.join(", ", swept.deleted()));
                }
                continue;
            }
            if (r.kind() != RunnerKind.SSH || !(runner instanceof ShellRunner shell)
                    || !(shell.transport() instanceof SshTransport ssh)) {
                continue;
            }
            SshTransport.LeftoverSweep swept = ssh.sweepLeftovers(folders);
            if (swept.problem() != null) {
                log.log("ssh runner " + r.name() + ": could not end what runs left there (" + swept.problem()
                        + "); its /tmp/gantry.* folders of those runs may still hold processes");
            } else if (!swept.removed().isEmpty()) {
                log.log("ssh runner " + r.name() + ": killed " + swept.killed().size() + " process(es), removed "
                        + swept.containers().size() + " container(s) and " + swept.removed().size()
                        + " action folder(s) left by a server that stopped without ending them");
            }
        }
    }
}
