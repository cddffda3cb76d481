package dev.gantry.runners.image;

import java.util.Locale;

/**
 * Where an action that declares no {@code Configuration.Container} runs: on its runner ({@link #HOST}, the fast
 * default), or in the curated image the service would pick for it ({@link #SERVICE}, reference §4.4).
 */
public enum ImagePolicy {
    /** Actions without {@code Container} run their steps on their runner's host. */
    HOST,
    /** Actions without {@code Container} run in the curated image the service would pick. */
    SERVICE;

    /** {@code host} or {@code service}, as written in {@code gantry.yaml} and {@code --image}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The policy named {@code text} ({@code host}, {@code service}), or {@code null}. */
    public static ImagePolicy parse(String text) {
        for (ImagePolicy p : values()) {
            if (p.label().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return p;
            }
        }
        return null;
    }
}
