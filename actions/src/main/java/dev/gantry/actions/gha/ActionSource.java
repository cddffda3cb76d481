package dev.gantry.actions.gha;

import java.nio.file.Path;

/** Where the actions of {@code uses: owner/repo[/path]@ref} steps come from (the action cache). */
@FunctionalInterface
public interface ActionSource {
    /**
     * The action's folder on this machine (the {@code /path} part already applied).
     *
     * @throws ActionUnavailable when it cannot be had; the message says how to provide it
     */
    Path folder(ActionRef ref) throws ActionUnavailable;

    /** An action that cannot be had. */
    final class ActionUnavailable extends Exception {
        public ActionUnavailable(String message) {
            super(message);
        }
    }
}
