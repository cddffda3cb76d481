package dev.gantry.web.workflow;

import dev.gantry.server.repo.Repositories;
import dev.gantry.server.repo.WatchedRepository;
import dev.gantry.server.trigger.TriggerDispatch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The workflow files of a repository at a commit, loaded and validated by the server's {@link TriggerDispatch}
 * (the same loading the triggers use), remembered for the last {@link #KEEP} commits so pages do not parse YAML on
 * every view.
 */
public final class WorkflowCatalog {
    static final int KEEP = 64;

    private final Repositories repositories;
    private final TriggerDispatch dispatch;
    private final Map<String, List<TriggerDispatch.WorkflowAtCommit>> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<TriggerDispatch.WorkflowAtCommit>> e) {
            return size() > KEEP;
        }
    };

    public WorkflowCatalog(Repositories repositories, TriggerDispatch dispatch) {
        this.repositories = repositories;
        this.dispatch = dispatch;
    }

    public Repositories repositories() {
        return repositories;
    }

    /** The workflows of {@code repo} at {@code commit}; empty when the commit cannot be read. */
    public List<TriggerDispatch.WorkflowAtCommit> at(WatchedRepository repo, String commit) {
        String key = repo.name() + "\n" + commit;
        synchronized (cache) {
            List<TriggerDispatch.WorkflowAtCommit> known = cache.get(key);
            if (known != null) {
                return known;
            }
        }
        List<TriggerDispatch.WorkflowAtCommit> loaded;
        try {
            loaded = List.copyOf(dispatch.workflows(repo, commit));
        } catch (Exception e) {
            return List.of();
        }
        synchronized (cache) {
            cache.put(key, loaded);
        }
        return loaded;
    }

    /** The workflows on the repository's default branch now (empty before the first fetch). */
    public List<TriggerDispatch.WorkflowAtCommit> onDefaultBranch(WatchedRepository repo) {
        return defaultHead(repo).map(c -> at(repo, c)).orElse(List.of());
    }

    /** The commit the default branch points at. */
    public Optional<String> defaultHead(WatchedRepository repo) {
        return repo.mirror().defaultBranch().flatMap(b -> repo.mirror().head(b));
    }

    /** One workflow file at a commit. */
    public Optional<TriggerDispatch.WorkflowAtCommit> file(WatchedRepository repo, String commit, String path) {
        return at(repo, commit).stream().filter(w -> w.file().path().equals(path)).findFirst();
    }
}
