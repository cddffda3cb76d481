package dev.gantry.engine.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code images:} of {@code gantry.yaml}: where actions without {@code Configuration.Container} run, and the images
 * the service's curated names ({@code CodeCatalystLinux_x86_64:2024_03}, ...) stand for.
 *
 * @param withoutContainer {@code host} (the default) or {@code service} (the curated image the service would pick),
 *                         or {@code null} when not set
 * @param curated          curated name to image reference, laid over Gantry's defaults
 * @param onHost           run every action on its runner's host, ignoring {@code Container} ({@code gantry run --host})
 * @param origin           where it was configured, or {@code null} for the command line
 */
public record ImagesConfig(String withoutContainer, Map<String, String> curated, boolean onHost,
                           ConfigOrigin origin) {
    public ImagesConfig {
        curated = Collections.unmodifiableMap(new LinkedHashMap<>(curated));
    }

    /** This configuration with every key {@code later} sets replacing ours. */
    public ImagesConfig overriddenBy(ImagesConfig later) {
        Map<String, String> merged = new LinkedHashMap<>(curated);
        merged.putAll(later.curated);
        return new ImagesConfig(later.withoutContainer != null ? later.withoutContainer : withoutContainer, merged,
                onHost || later.onHost, later.origin);
    }
}
