package dev.gantry.engine.run;

import java.nio.file.Path;

/**
 * The repository the workflow file lives in, as the run sees it.
 *
 * @param root       its root folder (the folder holding {@code .codecatalyst/})
 * @param commitId   {@code ${WorkflowSource.CommitId}}: the commit checked out, or {@code null} outside git
 * @param branchName {@code ${WorkflowSource.BranchName}}: the current branch, or {@code null} (detached, no git)
 */
public record WorkflowSource(Path root, String commitId, String branchName) {
}
