package dev.gantry.engine.config;

import java.nio.file.Path;
import java.util.List;

/**
 * One configured runner: where actions of matching fleets run. The loader has checked that the fields its kind
 * needs are present ({@code image} for {@code container}, {@code host} for {@code ssh}).
 *
 * @param name         unique among runners
 * @param kind         local, container, ssh or kubernetes
 * @param architecture the architecture it runs, or {@code null} to take it from the host ({@code local}: this
 *                     machine; {@code ssh}: {@code uname -m} on the host)
 * @param fleets       the fleet names it serves (on-demand or provisioned); empty: the on-demand fleets of its
 *                     architecture
 * @param tags         free-form labels
 * @param capacity     how many actions it runs at once, or {@code null} for the kind's default
 * @param image        {@code container}: the image each action runs in
 * @param host         {@code ssh}: the host name or address
 * @param port         {@code ssh}: the port, or {@code null} for 22
 * @param user         {@code ssh}: the login, or {@code null} for the current user
 * @param identityFile {@code ssh}: the private key (resolved like {@code cache.dir}), or {@code null}
 * @param dockerHost   the Docker engine its steps use ({@code DOCKER_HOST}, e.g. {@code ssh://user@host}), or
 *                     {@code null}
 * @param origin       where it was configured
 * @param kubernetes   {@code kubernetes}: the cluster, namespace, images and pod settings; else {@code null}
 */
public record RunnerConfig(String name, RunnerKind kind, Architecture architecture, List<String> fleets,
                           List<String> tags, Integer capacity, String image, String host, Integer port, String user,
                           Path identityFile, String dockerHost, ConfigOrigin origin,
                           KubernetesConfig kubernetes) {
    public RunnerConfig {
        fleets = List.copyOf(fleets);
        tags = List.copyOf(tags);
    }

    /** A runner of any kind but {@code kubernetes}. */
    public RunnerConfig(String name, RunnerKind kind, Architecture architecture, List<String> fleets,
                        List<String> tags, Integer capacity, String image, String host, Integer port, String user,
                        Path identityFile, String dockerHost, ConfigOrigin origin) {
        this(name, kind, architecture, fleets, tags, capacity, image, host, port, user, identityFile, dockerHost,
                origin, null);
    }
}
