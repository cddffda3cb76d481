package dev.gantry.runners.docker;

/** Asks a Docker engine whether it is there and what it is. Implemented by {@link DockerCli}; tests pass their own. */
@FunctionalInterface
public interface DockerProbe {
    /**
     * Asks the engine at {@code dockerHost} ({@code DOCKER_HOST}; {@code null}: the client's default).
     * Never throws: an engine that cannot be asked is {@link DockerEngine#unreachable}.
     */
    DockerEngine probe(String dockerHost);
}
