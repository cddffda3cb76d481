package dev.gantry.runners.workspace;

import dev.gantry.engine.files.FolderTrees;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.run.Workspace;
import dev.gantry.engine.run.WorkspaceProvider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Workspaces made from the WorkflowSource: each action that uses the source gets a fresh copy of its files in
 * {@code <action folder>/WorkflowSource/}, or the live folder itself with {@code bind}. Removed at the end unless
 * {@code keep}. An action that lists no input at all also gets the source (published workflows often omit
 * {@code Inputs}; the validator warns, {@code inputs-missing}); one that lists only artifacts does not. Workspaces are removed in the background, off the
 * actions' critical path; {@link #close()} waits for that.
 */
public final class SourceWorkspaces implements WorkspaceProvider, AutoCloseable {
    private final SourceRepository source;
    private final TreeCopy copier;
    private final boolean bind;
    private final boolean keep;
    private final RecycledCopies recycled;
    private final java.util.concurrent.ExecutorService remover = java.util.concurrent.Executors
            .newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "gantry-workspace-remover");
                t.setDaemon(true);
                return t;
            });

    /**
     * @param source the repository and its file list
     * @param copier how to copy
     * @param bind   run in the live folder instead of a copy
     * @param keep   keep workspaces after the run
     */
    public SourceWorkspaces(SourceRepository source, TreeCopy copier, boolean bind, boolean keep) {
        this.source = source;
        this.copier = copier;
        this.bind = bind;
        this.keep = keep;
        this.recycled = bind || keep ? null : new RecycledCopies(source.root(), source.files());
    }

    /** Whether {@code action} takes the WorkflowSource as an input. */
    public static boolean usesSource(Action action) {
        return action.inputs().sources().contains(Workspace.WORKFLOW_SOURCE)
                || (action.inputs().sources().isEmpty() && action.inputs().artifacts().isEmpty());
    }

    @Override
    public Workspace create(Action action, Path actionDirectory) throws IOException {
        if (!usesSource(action)) {
            Files.createDirectories(actionDirectory);
            return new Workspace(actionDirectory, Map.of(), false);
        }
        if (bind) {
            // the steps start in the live folder; the action folder is made only if a hook needs it
            return new Workspace(actionDirectory, Map.of(Workspace.WORKFLOW_SOURCE, source.root()), true);
        }
        Path copy = actionDirectory.resolve(Workspace.WORKFLOW_SOURCE);
        if (recycled == null) {
            copier.copy(source.root(), source.files(), copy);
        } else if (!recycled.renew(actionDirectory, Workspace.WORKFLOW_SOURCE, this::removeLater)) {
            RecycledCopies.SourceStamps stamps = recycled.stampSource();
            copier.copy(source.root(), source.files(), copy);
            recycled.remember(actionDirectory, copy, stamps);
        }
        return new Workspace(actionDirectory, Map.of(Workspace.WORKFLOW_SOURCE, copy), false);
    }

    @Override
    public void release(Workspace workspace) {
        if (!keep && (recycled == null || !recycled.putAside(workspace.root()))) {
            removeLater(workspace.root());
        }
    }

    private void removeLater(Path folder) {
        remover.execute(() -> {
            try {
                FolderTrees.deleteTree(folder);
            } catch (IOException ignored) {
                // the run's end removes the whole work folder again
            }
        });
    }

    /** Removes the copies put aside for actions that did not come, and waits until every workspace is removed. */
    @Override
    public void close() {
        if (recycled != null) {
            recycled.drain().forEach(this::removeLater);
        }
        remover.shutdown();
        try {
            remover.awaitTermination(10, java.util.concurrent.TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
