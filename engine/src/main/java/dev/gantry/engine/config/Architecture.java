package dev.gantry.engine.config;

import java.util.Locale;
import java.util.Optional;

/** A CPU architecture a runner offers and a fleet needs, named as Docker names platforms. */
public enum Architecture {
    AMD64("amd64"), ARM64("arm64");

    private final String label;

    Architecture(String label) {
        this.label = label;
    }

    /** {@code amd64} or {@code arm64}: the name in configuration, plans and {@code linux/<arch>} platforms. */
    public String label() {
        return label;
    }

    /**
     * The architecture a label or {@code uname -m} output names: {@code amd64}/{@code x86_64}/{@code x86-64} and
     * {@code arm64}/{@code aarch64}, in any case.
     */
    public static Optional<Architecture> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64", "x86-64" -> Optional.of(AMD64);
            case "arm64", "aarch64" -> Optional.of(ARM64);
            default -> Optional.empty();
        };
    }
}
