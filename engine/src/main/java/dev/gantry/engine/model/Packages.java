package dev.gantry.engine.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A build or test action's {@code Packages}: the package repositories its steps install from (npm only) and whether
 * the service exports an authorization token to the steps. The loader checks the shape (with positions) and keeps
 * it in {@code Configuration.properties["Packages"]}, as written; {@link #of(Configuration)} is its typed view.
 *
 * @param npmRegistries           {@code NpmConfiguration.PackageRegistries}, in file order
 * @param exportAuthorizationToken {@code ExportAuthorizationToken}
 */
public record Packages(List<NpmRegistry> npmRegistries, boolean exportAuthorizationToken) {
    public Packages {
        npmRegistries = List.copyOf(npmRegistries);
    }

    /**
     * One entry of {@code PackageRegistries}.
     *
     * @param repository {@code PackagesRepository}: the package repository's name
     * @param scopes     {@code Scopes} ({@code @scope}); empty: the default registry
     */
    public record NpmRegistry(String repository, List<String> scopes) {
        public NpmRegistry {
            scopes = List.copyOf(scopes);
        }
    }

    /** The action's {@code Packages}, if it has any (entries of a shape the loader reported are left out). */
    public static Optional<Packages> of(Configuration configuration) {
        if (!(configuration.properties().get("Packages") instanceof Map<?, ?> p)) {
            return Optional.empty();
        }
        List<NpmRegistry> registries = new ArrayList<>();
        if (p.get("NpmConfiguration") instanceof Map<?, ?> npm && npm.get("PackageRegistries") instanceof List<?> l) {
            for (Object item : l) {
                if (item instanceof Map<?, ?> m && m.get("PackagesRepository") instanceof String repo) {
                    List<String> scopes = new ArrayList<>();
                    if (m.get("Scopes") instanceof List<?> s) {
                        s.stream().filter(String.class::isInstance).map(String.class::cast).forEach(scopes::add);
                    }
                    registries.add(new NpmRegistry(repo, scopes));
                }
            }
        }
        return Optional.of(new Packages(registries, Boolean.TRUE.equals(p.get("ExportAuthorizationToken"))));
    }

    /**
     * The repository npm's default registry comes from: the last one listed without {@code Scopes} (the service's
     * rule), if any.
     */
    public Optional<String> defaultRepository() {
        String last = null;
        for (NpmRegistry r : npmRegistries) {
            if (r.scopes().isEmpty()) {
                last = r.repository();
            }
        }
        return Optional.ofNullable(last);
    }

    /** Scope to the repository it installs from: the last listing of a scope wins (the service's rule). */
    public Map<String, String> scopedRepositories() {
        Map<String, String> m = new LinkedHashMap<>();
        for (NpmRegistry r : npmRegistries) {
            r.scopes().forEach(s -> m.put(s, r.repository()));
        }
        return Collections.unmodifiableMap(m);
    }
}
