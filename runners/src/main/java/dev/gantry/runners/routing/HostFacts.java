package dev.gantry.runners.routing;

import dev.gantry.engine.config.Architecture;
import dev.gantry.runners.docker.DockerCli;
import dev.gantry.runners.docker.DockerProbe;
import dev.gantry.runners.local.LocalTransport;

import java.util.Map;

/**
 * What this machine offers runners: its architecture, what {@code binfmt_misc} lets it emulate, how to ask a Docker
 * engine about itself, and the environment Gantry was started with. Tests make their own.
 *
 * @param architecture this machine's architecture
 * @param binfmt       the emulators registered with the kernel
 * @param docker       asks a Docker engine whether it answers
 * @param environment  this process's environment ({@code HOME}, {@code USER}, {@code PATH}, {@code DOCKER_HOST})
 */
public record HostFacts(Architecture architecture, BinfmtEmulation binfmt, DockerProbe docker,
                        Map<String, String> environment) {
    public HostFacts {
        environment = Map.copyOf(environment);
    }

    /** This machine, as seen from a process with {@code environment}. */
    public static HostFacts ofThisMachine(Map<String, String> environment) {
        Architecture arch = Architecture.parse(LocalTransport.hostArchitecture()).orElse(Architecture.AMD64);
        return new HostFacts(arch, BinfmtEmulation.ofThisMachine(),
                new DockerCli(environment, java.time.Duration.ofSeconds(20)), environment);
    }

    /** The other architecture Gantry knows: arm64 on an amd64 machine and the reverse. */
    public Architecture otherArchitecture() {
        return architecture == Architecture.AMD64 ? Architecture.ARM64 : Architecture.AMD64;
    }
}
