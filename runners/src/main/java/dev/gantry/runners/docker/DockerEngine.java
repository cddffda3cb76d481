package dev.gantry.runners.docker;

import dev.gantry.engine.config.Architecture;

import java.util.Optional;

/**
 * What a Docker engine said when asked for its version ({@code docker version}).
 *
 * @param dockerHost   the engine asked ({@code DOCKER_HOST}), or {@code null} for the client's default
 * @param reachable    whether it answered
 * @param architecture the engine's architecture ({@code Server.Arch}) when it answered and it is one Gantry knows
 * @param version      the engine's version when it answered
 * @param problem      why it did not answer, else {@code null}
 */
public record DockerEngine(String dockerHost, boolean reachable, Optional<Architecture> architecture,
                           String version, String problem) {
    /** An engine that answered. */
    public static DockerEngine reachable(String dockerHost, Optional<Architecture> architecture, String version) {
        return new DockerEngine(dockerHost, true, architecture, version, null);
    }

    /** An engine that did not answer, and why. */
    public static DockerEngine unreachable(String dockerHost, String problem) {
        return new DockerEngine(dockerHost, false, Optional.empty(), null, problem);
    }

    /** {@code the Docker engine at ssh://host} or {@code the default Docker engine}. */
    public String describe() {
        return dockerHost == null ? "the default Docker engine" : "the Docker engine at " + dockerHost;
    }

    /**
     * Whether the engine runs on this machine: no {@code DOCKER_HOST}, or a {@code unix://} socket (so this
     * machine's {@code binfmt_misc} decides what it can emulate).
     */
    public static boolean isLocal(String dockerHost) {
        return dockerHost == null || dockerHost.isBlank() || dockerHost.startsWith("unix://");
    }
}
