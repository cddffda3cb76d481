package dev.gantry.actions.files;

import dev.gantry.actions.artifacts.ArtifactException;
import dev.gantry.actions.artifacts.ArtifactStore;
import dev.gantry.actions.artifacts.ArtifactSummary;
import dev.gantry.actions.artifacts.FileSelector;
import dev.gantry.actions.artifacts.InputLayout;
import dev.gantry.actions.cache.CacheScope;
import dev.gantry.actions.cache.CacheSettings;
import dev.gantry.actions.cache.FileCacheStore;
import dev.gantry.actions.reports.ActionReports;
import dev.gantry.actions.reports.CriterionResult;
import dev.gantry.actions.reports.ReportCollector;
import dev.gantry.actions.reports.ReportData;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.FileCache;
import dev.gantry.engine.model.OutputArtifact;
import dev.gantry.engine.run.ActionFailure;
import dev.gantry.engine.run.ActionLifecycle;
import dev.gantry.engine.run.ActionScope;
import dev.gantry.engine.run.StepsResult;
import dev.gantry.engine.run.Workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The executor hook that moves files in and out of each action's workspace, in the order the service uses:
 *
 * <ol>
 *   <li>before the first step: each input artifact is copied into {@code <workspace>/artifacts/<name>/} and
 *       becomes an input ({@code CATALYST_SOURCE_DIR_<name>}); then each {@code Caching.FileCaching} entry is
 *       restored (exact key, else the first matching {@code RestoreKeys} prefix, newest first);</li>
 *   <li>after the last step, also when a step failed (not after a cancellation): the reports are read and their
 *       success criteria evaluated (an unmet criterion fails the action);</li>
 *   <li>then, only if the action succeeded so far: output artifacts are collected into the run's artifact store
 *       (an artifact that matches no file fails the action);</li>
 *   <li>then, only if the action still succeeded: the file caches are saved, and the cache is pruned to its size
 *       cap.</li>
 * </ol>
 * One hook does all of it because the order matters: a cache must never be saved for an action that a report or an
 * empty artifact fails. Thread-safe (shared by the actions of one run).
 */
public final class WorkspaceFilesLifecycle implements ActionLifecycle {
    /** The folder under an action's workspace root that holds its input artifacts. */
    public static final String INPUT_ARTIFACTS = "artifacts";

    private final CacheScope cacheScope;
    private final CacheSettings cacheSettings;
    private final FileCacheStore caches;
    private final ReportCollector reports;

    /**
     * @param cacheScope    the run's workflow and branch
     * @param cacheSettings where the cache is and how big it may grow; {@code enabled() == false} for
     *                      {@code --no-cache}
     * @param caches        the cache store for {@code cacheSettings.dir()} (one per process), or {@code null} when
     *                      caching is disabled
     */
    public WorkspaceFilesLifecycle(CacheScope cacheScope, CacheSettings cacheSettings, FileCacheStore caches) {
        this.cacheScope = cacheScope;
        this.cacheSettings = cacheSettings;
        this.caches = cacheSettings.enabled() ? caches : null;
        this.reports = new ReportCollector();
    }

    /** For a run: the store is made from the settings. */
    public static WorkspaceFilesLifecycle forRun(String workflowName, String branch, CacheSettings settings) {
        return new WorkspaceFilesLifecycle(new CacheScope(workflowName, branch), settings,
                settings.enabled() ? new FileCacheStore(settings.dir(), java.time.Clock.systemUTC()) : null);
    }

    @Override
    public void beforeSteps(ActionScope scope) throws ActionFailure {
        Action action = scope.action();
        ArtifactStore store = store(scope);
        Path inputsRoot = scope.workspace().root().resolve(INPUT_ARTIFACTS);
        for (String name : action.inputs().artifacts()) {
            if (Workspace.WORKFLOW_SOURCE.equals(name)) {
                throw new ActionFailure("input artifact '" + name + "' has the source's label; rename the artifact");
            }
            try {
                ArtifactStore.requireValidName(name);
                Path dir = inputsRoot.resolve(name);
                ArtifactSummary placed = store.place(name, dir);
                scope.addInput(name, dir);
                scope.log("input artifact " + name + ": " + files(placed.files()) + ", "
                        + CacheSettings.formatSize(placed.bytes()) + " in $" + InputLayout.SOURCE_DIR_VAR + name);
            } catch (ArtifactException e) {
                throw new ActionFailure(e.getMessage());
            }
        }
        if (caches == null || action.caches().isEmpty()) {
            return;
        }
        InputLayout layout = layout(scope);
        List<Map<String, Object>> records = new ArrayList<>();
        for (FileCache c : action.caches().values()) {
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("key", c.name());
            rec.put("path", c.path());
            try {
                Path target = cachePath(c, layout, scope.workspace());
                Optional<FileCacheStore.Restored> r = caches.restore(cacheScope, c.name(), c.restoreKeys(), target);
                if (r.isPresent()) {
                    rec.put("restoredFrom", r.get().key());
                    scope.log("cache " + c.name() + ": restored " + (r.get().exact() ? "" : "from " + r.get().key()
                            + " ") + "into " + c.path() + " (" + files(r.get().files()) + ", "
                            + CacheSettings.formatSize(r.get().bytes()) + ")");
                } else {
                    rec.put("restoredFrom", null);
                    scope.log("cache " + c.name() + ": no cache yet for " + cacheScope + (c.restoreKeys().isEmpty()
                            ? "" : " (nor for RestoreKeys " + c.restoreKeys() + ")"));
                }
            } catch (ArtifactException | IOException | IllegalArgumentException e) {
                rec.put("error", e.getMessage());
                scope.log("cache " + c.name() + ": not restored: " + e.getMessage());
            }
            records.add(rec);
        }
        scope.record("caches", records);
    }

    @Override
    public void afterSteps(ActionScope scope, StepsResult result) throws ActionFailure {
        Action action = scope.action();
        InputLayout layout = layout(scope);
        List<String> failures = new ArrayList<>();

        // Reports are read after failed steps too (the service reads what was written before the failure), but not
        // after a cancellation (Ctrl-C, timeout, --fail-fast), which must end quickly.
        ActionReports read = result.outcome() == StepsResult.Outcome.CANCELLED ? ActionReports.NONE
                : reports.collect(action.outputs(), layout, scope.workspace().root());
        if (read != ActionReports.NONE) {
            scope.record("reports", read.toJson());
            String line = read.summaryLine();
            if (!line.isEmpty()) {
                scope.addSummary(line);
                scope.log("reports: " + line);
            }
            for (ReportData.TestCase t : read.failedTests()) {
                scope.log("failed test " + t.fullName() + (t.message().isEmpty() ? "" : ": "
                        + t.message().replace('\n', ' ')));
            }
            for (String p : read.problems()) {
                scope.log("warning: " + p);
            }
            for (CriterionResult c : read.criteria()) {
                if (!c.met()) {
                    failures.add(c.message());
                }
            }
        }
        boolean ok = result.succeeded() && failures.isEmpty();

        if (ok && !action.outputs().artifacts().isEmpty()) {
            ArtifactStore store = store(scope);
            List<Map<String, Object>> records = new ArrayList<>();
            try {
                FileSelector selector = new FileSelector(workspaceFolders(scope.workspace()), true);
                for (OutputArtifact a : action.outputs().artifacts()) {
                    try {
                        ArtifactSummary s = store.collect(a.name(), a.files(), layout, selector);
                        scope.log("output artifact " + a.name() + ": " + files(s.files()) + ", "
                                + CacheSettings.formatSize(s.bytes()));
                        for (String p : s.unmatched()) {
                            scope.log("warning: output artifact " + a.name() + ": '" + p + "' matched no file");
                        }
                        Map<String, Object> rec = new LinkedHashMap<>();
                        rec.put("name", a.name());
                        rec.put("files", s.files());
                        rec.put("bytes", s.bytes());
                        records.add(rec);
                    } catch (ArtifactException e) {
                        failures.add(e.getMessage());
                    }
                }
            } catch (ArtifactException e) {
                failures.add(e.getMessage());
            }
            scope.record("artifacts", records);
            ok = failures.isEmpty();
        }

        if (ok && caches != null && !action.caches().isEmpty()) {
            saveCaches(scope, layout);
        } else if (caches != null && !action.caches().isEmpty()) {
            scope.log("caches not saved: the action did not succeed");
        }
        if (!failures.isEmpty()) {
            throw new ActionFailure(String.join("; ", failures));
        }
    }

    private void saveCaches(ActionScope scope, InputLayout layout) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (FileCache c : scope.action().caches().values()) {
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("key", c.name());
            try {
                Path source = cachePath(c, layout, scope.workspace());
                Optional<FileCacheStore.Saved> s = caches.save(cacheScope, c.name(), c.path(), source);
                if (s.isPresent()) {
                    rec.put("savedFiles", s.get().files());
                    rec.put("savedBytes", s.get().bytes());
                    scope.log("cache " + c.name() + ": saved " + c.path() + " (" + files(s.get().files()) + ", "
                            + CacheSettings.formatSize(s.get().bytes()) + ", " + CacheSettings.formatSize(
                            s.get().newBytes()) + " new)");
                } else if (caches.forget(cacheScope, c.name())) {
                    rec.put("removed", true);
                    scope.log("cache " + c.name() + ": removed: " + c.path() + " no longer exists");
                } else {
                    scope.log("cache " + c.name() + ": not saved: " + c.path() + " does not exist");
                }
            } catch (ArtifactException | IOException | IllegalArgumentException e) {
                rec.put("error", e.getMessage());
                scope.log("cache " + c.name() + ": not saved: " + e.getMessage());
            }
            records.add(rec);
        }
        scope.record("cacheSaves", records);
        try {
            caches.pruneIfOver(cacheSettings.maxBytes(), cacheSettings.maxAge()).ifPresent(p -> scope.log(
                    "cache: evicted " + p.removed().size() + " least recently used cache(s), freed "
                            + CacheSettings.formatSize(p.freedBytes()) + " (cap "
                            + CacheSettings.formatSize(cacheSettings.maxBytes()) + ")"));
        } catch (IOException e) {
            scope.log("cache: could not prune: " + e.getMessage());
        }
    }

    /**
     * Where a cache's {@code Path} is: absolute as written, relative to the primary input otherwise; a relative path
     * must stay inside the workspace (no {@code ..}, no symbolic link pointing out).
     */
    static Path cachePath(FileCache c, InputLayout layout, Workspace ws) throws ArtifactException {
        String p = c.path().trim();
        if (Path.of(p).isAbsolute()) {
            return Path.of(p).normalize();
        }
        InputLayout.Located at = layout.locate(p);
        for (String seg : at.rest().split("/")) {
            if (seg.equals("..")) {
                throw new ArtifactException("cache Path '" + c.path() + "' goes up with '..'; relative cache paths"
                        + " must stay inside the workspace (use an absolute path for folders elsewhere)");
            }
        }
        Path target = at.dir().resolve(at.rest()).normalize();
        // The nearest existing folder (or the path itself, when a link) must resolve inside the workspace.
        Path probe = target;
        while (probe != null && !Files.exists(probe, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            probe = probe.getParent();
        }
        if (probe != null) {
            new FileSelector(workspaceFolders(ws), true).requireInside(probe, c.path());
        }
        return target;
    }

    private static List<Path> workspaceFolders(Workspace ws) {
        List<Path> folders = new ArrayList<>();
        folders.add(ws.root());
        folders.addAll(ws.inputs().values());
        return folders;
    }

    private static InputLayout layout(ActionScope scope) {
        Workspace ws = scope.workspace();
        String primary = ws.inputs().containsKey(Workspace.WORKFLOW_SOURCE) ? Workspace.WORKFLOW_SOURCE : null;
        if (primary == null) {
            for (String a : scope.action().inputs().artifacts()) {
                if (ws.inputs().containsKey(a)) {
                    primary = a;
                    break;
                }
            }
        }
        if (primary == null && !ws.inputs().isEmpty()) {
            primary = ws.inputs().keySet().iterator().next();
        }
        return new InputLayout(primary, ws.inputs());
    }

    private static ArtifactStore store(ActionScope scope) {
        return new ArtifactStore(scope.runDirectory().resolve("artifacts"));
    }

    private static String files(long n) {
        return n == 1 ? "1 file" : n + " files";
    }
}
