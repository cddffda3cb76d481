package dev.gantry.web.run;

import dev.gantry.server.history.ActionRecord;
import dev.gantry.server.history.RunRecord;
import dev.gantry.web.dag.DagLayout;
import dev.gantry.web.dag.RunGraph;
import dev.gantry.web.workflow.WorkflowCatalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each run's graph and its layout, worked out once per run (its shape does not change while it runs; only the
 * states do) and kept for the last {@link #KEEP} runs viewed. The graph comes from the workflow file at the run's
 * commit (edges with their kinds); when that cannot be read, from the history's DependsOn.
 */
public final class RunGraphs {
    static final int KEEP = 200;

    private final WorkflowCatalog catalog;
    private final DagLayout layout;
    private final Map<String, Drawn> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Drawn> e) {
            return size() > KEEP;
        }
    };

    public RunGraphs(WorkflowCatalog catalog, DagLayout layout) {
        this.catalog = catalog;
        this.layout = layout;
    }

    /** A run's graph with its layout. */
    public record Drawn(RunGraph graph, DagLayout.Placed placed) {
    }

    public Drawn of(RunRecord run, List<ActionRecord> actions) {
        String key = run.id() + ":" + actions.size();
        synchronized (cache) {
            Drawn d = cache.get(key);
            if (d != null) {
                return d;
            }
        }
        RunGraph graph = catalog.repositories().find(run.repository())
                .flatMap(repo -> catalog.file(repo, run.commit(), run.workflowFile()))
                .filter(w -> w.loaded().workflow() != null)
                .map(w -> RunGraph.of(w.loaded().actionGraph(), actions))
                .orElseGet(() -> RunGraph.of(actions));
        Drawn d = new Drawn(graph, layout.layout(graph));
        synchronized (cache) {
            cache.put(key, d);
        }
        return d;
    }
}
