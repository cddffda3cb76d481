package dev.gantry.server.runs;

import dev.gantry.runners.docker.DockerCli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * After a crash ({@code kill -9} of the server), the containers its actions ran in live on: the {@code docker run}
 * client died with the server, the container did not. Every container a Gantry runner starts (the container runner,
 * and actions with {@code Configuration.Container}) carries the label {@code dev.gantry.runner} and bind-mounts its
 * action's workspace from the run's folder; at the next start, this removes ({@code docker rm --force}) each
 * labelled container with a mount under one of the given folders, and leaves every other container alone (another
 * server's, another test's). Without a docker command or an engine it finds nothing.
 */
public final class OrphanContainers {
    /** The label every container a Gantry runner starts carries. */
    public static final String LABEL = "dev.gantry.runner";

    private final DockerCli docker;
    private final String dockerHost;

    /** @param dockerHost the engine ({@code DOCKER_HOST} form), {@code null} for the client's default */
    public OrphanContainers(DockerCli docker, String dockerHost) {
        this.docker = docker;
        this.dockerHost = dockerHost;
    }

    /** Removes every Gantry container with a mount under one of {@code folders}; returns their names. */
    public List<String> remove(List<Path> folders) {
        List<String> removed = new ArrayList<>();
        if (!docker.installed()) {
            return removed;
        }
        DockerCli.Result ids = docker.run(dockerHost, List.of("ps", "--all", "--quiet", "--no-trunc", "--filter",
                "label=" + LABEL));
        if (!ids.ok() || ids.output().isBlank()) {
            return removed;
        }
        List<String> inspect = new ArrayList<>(List.of("inspect", "--format",
                "{{.Name}}{{range .Mounts}}\t{{.Source}}{{end}}"));
        ids.output().lines().map(String::strip).filter(s -> s.matches("[0-9a-f]{12,64}")).forEach(inspect::add);
        DockerCli.Result details = docker.run(dockerHost, inspect);
        List<String> markers = folders.stream().map(f -> f.toAbsolutePath().normalize() + "/").toList();
        for (String line : details.output().lines().toList()) {
            String[] fields = line.split("\t");
            String name = fields[0].startsWith("/") ? fields[0].substring(1) : fields[0];
            boolean ours = false;
            for (int i = 1; i < fields.length && !ours; i++) {
                String source = fields[i].endsWith("/") ? fields[i] : fields[i] + "/";
                ours = markers.stream().anyMatch(source::startsWith);
            }
            if (ours && !name.isBlank() && docker.run(dockerHost, List.of("rm", "--force", "--volumes", name)).ok()) {
                removed.add(name);
            }
        }
        return removed;
    }
}
