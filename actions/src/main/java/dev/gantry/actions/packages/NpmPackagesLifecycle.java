package dev.gantry.actions.packages;

import dev.gantry.engine.run.ActionFailure;
import dev.gantry.engine.run.ActionLifecycle;
import dev.gantry.engine.run.ActionScope;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * The executor hook that gives an action with {@code Packages} its npm configuration: before the first step it
 * writes the {@code .npmrc} of {@link NpmPackages} into the action's private scratch folder (outside the
 * workspace, removed when the steps end), points {@code NPM_CONFIG_USERCONFIG} at it (rewritten by runners that
 * place the scratch folder elsewhere: an image, an ssh host), and gives the steps the tokens it refers to as masked
 * secrets. With {@code ExportAuthorizationToken: true} the steps also get {@code CATALYST_PACKAGES_AUTHORIZATION_TOKEN}
 * and {@code CATALYST_MACHINE_RESOURCE_NAME}, as on the service.
 *
 * <p>Thread-safe (shared by the actions of one run).
 */
public final class NpmPackagesLifecycle implements ActionLifecycle {
    /** The sub-folder of the scratch folder that holds the file. */
    static final String FOLDER = "npm";

    private final NpmPackages packages;

    public NpmPackagesLifecycle(NpmPackages packages) {
        this.packages = packages;
    }

    @Override
    public void beforeSteps(ActionScope scope) throws ActionFailure {
        List<String> problems = packages.problems(scope.action().name(), scope.action());
        if (!problems.isEmpty()) {
            throw new ActionFailure(problems.get(0));
        }
        Optional<NpmPackages.Setup> setup = packages.setup(scope.action());
        if (setup.isEmpty()) {
            return;
        }
        Path file = scope.scratchDirectory().resolve(FOLDER).resolve(".npmrc");
        try {
            Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            Files.writeString(file, setup.get().npmrc());
        } catch (IOException | UnsupportedOperationException e) {
            throw new ActionFailure("could not write the npm configuration of Packages: " + e.getMessage());
        }
        setup.get().variables().values().forEach(scope::addSecret);
        setup.get().variables().forEach(scope::putEnvironment);
        scope.putPathEnvironment("NPM_CONFIG_USERCONFIG", file);
        if (setup.get().exported() != null) {
            scope.addSecret(setup.get().exported());
            scope.putEnvironment("CATALYST_PACKAGES_AUTHORIZATION_TOKEN", setup.get().exported());
            scope.putEnvironment("CATALYST_MACHINE_RESOURCE_NAME", "gantry");
        }
        scope.log("npm configuration of Packages (" + setup.get().variables().size() + " registry token(s), "
                + "masked) in NPM_CONFIG_USERCONFIG");
    }
}
