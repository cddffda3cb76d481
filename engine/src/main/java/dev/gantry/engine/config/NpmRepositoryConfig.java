package dev.gantry.engine.config;

/**
 * {@code packages.npm.<repository>} of {@code gantry.yaml}: where a workflow's {@code PackagesRepository} is here
 * (the service derives it from the space and project; Gantry is told).
 *
 * @param repository  the {@code PackagesRepository} name
 * @param registry    the npm registry URL ({@code https://host/path/})
 * @param tokenSecret the name of the secret ({@code --secret}, {@code --secrets-file}, {@code GANTRY_SECRET_*})
 *                    holding the registry's token, or {@code null} for a registry without authentication
 * @param origin      where it was configured
 */
public record NpmRepositoryConfig(String repository, String registry, String tokenSecret, ConfigOrigin origin) {
}
