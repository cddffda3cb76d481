package dev.gantry.service;

import dev.gantry.actions.approval.Approver;
import dev.gantry.engine.run.ActionEntry;
import dev.gantry.engine.run.RunReport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One run asked of the {@link RunService}. Built with {@link #builder(Path)}; every field but the workflow file has a
 * default.
 *
 * @param workflowFile    the workflow file (YAML or Groovy DSL)
 * @param displayName     how diagnostics name the file (default: the path as given)
 * @param sourceRoot      the folder the actions' {@code WorkflowSource} is copied from: a checkout materialized at
 *                        a commit (a server), or {@code null} for the git repository holding the workflow file;
 *                        with a {@code revision} too, every file in it is the source and no git is asked (the
 *                        folder may lie in somebody's work tree, whose files and ignore rules are not the commit's)
 * @param revision        the commit and branch of the source ({@code ${WorkflowSource.CommitId}}, {@code BranchName})
 *                        when the caller knows them (a server that materialized a commit), or {@code null} to ask
 *                        git in the source folder
 * @param actions         action ids, names or group names to run with what they depend on (empty: all)
 * @param concurrency     how many actions run at once, at most; {@code null}: every ready action starts, bounded
 *                        only by the capacity configured on runners
 * @param dryRun          plan only: {@link RunService#start} refuses it, use {@link RunService#plan}
 * @param variables       input variables set on every build and test action (applied before validation)
 * @param secrets         secret values given with the request (win over the file and the environment)
 * @param secretsFile     a dotenv file of secrets, or {@code null}
 * @param environment     step environment specs: {@code NAME} passes the host's value, {@code NAME=VALUE} sets it
 * @param bind            run in the source folder itself instead of fresh copies
 * @param keep            keep the actions' workspaces
 * @param failFast        cancel everything on the first failure
 * @param noCache         neither restore nor save file caches
 * @param timeoutUnit     how long one minute of {@code Timeout} lasts (one minute but in tests)
 * @param runId           the run's id, or {@code null} for a new one ({@code yyyyMMdd-HHmmss-xxxx})
 * @param recordsFolder   where the run's folder goes ({@code <records>/<run-id>/}), or {@code null} for
 *                        {@code <source root>/.gantry/runs}
 * @param recordHeader    extra top-level facts for {@code run.json}
 * @param recordTrailer   extra facts for the final {@code run.json} (the CLI adds its exit code)
 * @param entry           decides when each ready action may start ({@link ActionEntry#OPEN}: at once)
 * @param approver        decides {@code aws/approval} gates ({@link Approver#automatic()} by default)
 * @param skipActions     actions (ids, names or group names) left out: not run, their dependents run without
 *                        their outputs
 */
public record RunRequest(Path workflowFile, String displayName, Path sourceRoot, Revision revision,
                         List<String> actions,
                         Integer concurrency, boolean dryRun, Map<String, String> variables,
                         Map<String, String> secrets, Path secretsFile, List<String> environment, boolean bind,
                         boolean keep, boolean failFast, boolean noCache, Duration timeoutUnit, String runId,
                         Path recordsFolder, Map<String, Object> recordHeader,
                         Function<RunReport, Map<String, Object>> recordTrailer, ActionEntry entry,
                         Approver approver, List<String> skipActions) {
    public RunRequest {
        actions = List.copyOf(actions);
        skipActions = List.copyOf(skipActions);
        variables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        secrets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(secrets));
        environment = List.copyOf(environment);
        recordHeader = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(recordHeader));
        if (displayName == null) {
            displayName = workflowFile.toString();
        }
    }

    /**
     * A commit of the source, as a caller knows it.
     *
     * @param commitId   the commit id
     * @param branchName the branch, or {@code null}
     */
    public record Revision(String commitId, String branchName) {
    }

    /** A request for {@code workflowFile} with every default. */
    public static Builder builder(Path workflowFile) {
        return new Builder(workflowFile);
    }

    /** Builds a {@link RunRequest}. */
    public static final class Builder {
        private final Path workflowFile;
        private String displayName;
        private Path sourceRoot;
        private Revision revision;
        private List<String> actions = new ArrayList<>();
        private Integer concurrency;
        private boolean dryRun;
        private Map<String, String> variables = new LinkedHashMap<>();
        private Map<String, String> secrets = new LinkedHashMap<>();
        private Path secretsFile;
        private List<String> environment = new ArrayList<>();
        private boolean bind;
        private boolean keep;
        private boolean failFast;
        private boolean noCache;
        private Duration timeoutUnit = Duration.ofMinutes(1);
        private String runId;
        private Path recordsFolder;
        private Map<String, Object> recordHeader = new LinkedHashMap<>();
        private Function<RunReport, Map<String, Object>> recordTrailer = r -> Map.of();
        private ActionEntry entry = ActionEntry.OPEN;
        private Approver approver = Approver.automatic();
        private List<String> skipActions = new ArrayList<>();

        private Builder(Path workflowFile) {
            this.workflowFile = workflowFile;
        }

        public Builder displayName(String v) { displayName = v; return this; }
        public Builder sourceRoot(Path v) { sourceRoot = v; return this; }
        public Builder revision(Revision v) { revision = v; return this; }
        public Builder actions(List<String> v) { actions = new ArrayList<>(v); return this; }
        public Builder concurrency(Integer v) { concurrency = v; return this; }
        public Builder dryRun(boolean v) { dryRun = v; return this; }
        public Builder variables(Map<String, String> v) { variables = new LinkedHashMap<>(v); return this; }
        public Builder secrets(Map<String, String> v) { secrets = new LinkedHashMap<>(v); return this; }
        public Builder secretsFile(Path v) { secretsFile = v; return this; }
        public Builder environment(List<String> v) { environment = new ArrayList<>(v); return this; }
        public Builder bind(boolean v) { bind = v; return this; }
        public Builder keep(boolean v) { keep = v; return this; }
        public Builder failFast(boolean v) { failFast = v; return this; }
        public Builder noCache(boolean v) { noCache = v; return this; }
        public Builder timeoutUnit(Duration v) { timeoutUnit = v; return this; }
        public Builder runId(String v) { runId = v; return this; }
        public Builder recordsFolder(Path v) { recordsFolder = v; return this; }
        public Builder recordHeader(Map<String, Object> v) { recordHeader = new LinkedHashMap<>(v); return this; }
        public Builder recordTrailer(Function<RunReport, Map<String, Object>> v) { recordTrailer = v; return this; }
        public Builder entry(ActionEntry v) { entry = v; return this; }
        public Builder approver(Approver v) { approver = v; return this; }
        public Builder skipActions(List<String> v) { skipActions = new ArrayList<>(v); return this; }

        public RunRequest build() {
            return new RunRequest(workflowFile, displayName, sourceRoot, revision, actions, concurrency, dryRun, variables,
                    secrets, secretsFile, environment, bind, keep, failFast, noCache, timeoutUnit, runId,
                    recordsFolder, recordHeader, recordTrailer, entry, approver, skipActions);
        }
    }
}
