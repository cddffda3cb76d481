package dev.gantry.engine.config;

import java.util.Locale;
import java.util.Optional;

/**
 * How a configured runner runs steps: on this machine, in a container, on another host over SSH, or in a pod of a
 * Kubernetes cluster.
 */
public enum RunnerKind {
    LOCAL, CONTAINER, SSH, KUBERNETES;

    /** The name in configuration: {@code local}, {@code container}, {@code ssh}, {@code kubernetes}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind a configuration label names, exactly as written in lower case. */
    public static Optional<RunnerKind> parse(String text) {
        for (RunnerKind k : values()) {
            if (k.label().equals(text)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
