package dev.gantry.engine.run;

import dev.gantry.engine.model.Action;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Makes and removes action workspaces. The {@code runners} module implements it (a fresh copy of the
 * WorkflowSource per action, or the live folder with {@code --bind}).
 */
public interface WorkspaceProvider {
    /**
     * Creates the workspace of {@code action} under {@code actionDirectory} (which does not exist yet), with the
     * WorkflowSource as an input when the action uses it.
     */
    Workspace create(Action action, Path actionDirectory) throws IOException;

    /** Removes what {@link #create} made (unless the user asked to keep it). Called once per workspace. */
    void release(Workspace workspace) throws IOException;
}
