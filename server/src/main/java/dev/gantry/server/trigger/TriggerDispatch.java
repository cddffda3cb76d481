package dev.gantry.server.trigger;

import dev.gantry.dsl.LoadedWorkflow;
import dev.gantry.engine.model.Workflow;
import dev.gantry.engine.trigger.ManualEvent;
import dev.gantry.engine.trigger.PullRequestEvent;
import dev.gantry.engine.trigger.PushEvent;
import dev.gantry.engine.trigger.ScheduleTick;
import dev.gantry.engine.trigger.TriggerDecision;
import dev.gantry.engine.trigger.TriggerEvent;
import dev.gantry.engine.trigger.TriggerMatcher;
import dev.gantry.scm.git.RepositoryFile;
import dev.gantry.server.EventLog;
import dev.gantry.server.history.NewRun;
import dev.gantry.server.history.RunRecord;
import dev.gantry.server.latency.StartPhase;
import dev.gantry.server.latency.StartTimeline;
import dev.gantry.server.repo.WatchedRepository;
import dev.gantry.server.repo.WorkflowCache;
import dev.gantry.server.runs.RunSubmitter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns one trigger event into runs: reads every workflow file of the event's commit from the mirror (no
 * checkout), validates it, asks the {@link TriggerMatcher} whether it runs, and submits one run per workflow that
 * does. A workflow with errors does not run; the log says which and why.
 */
public final class TriggerDispatch {
    private final WorkflowCache workflows;
    private final TriggerMatcher matcher;
    private final RunSubmitter runs;
    private final EventLog log;

    public TriggerDispatch(WorkflowCache workflows, TriggerMatcher matcher, RunSubmitter runs, EventLog log) {
        this.workflows = workflows;
        this.matcher = matcher;
        this.runs = runs;
        this.log = log;
    }

    /** What one workflow file made of an event. */
    public record Outcome(String file, String workflow, boolean runs, String reason, Long runId) {
    }

    /**
     * Dispatches {@code event} for the workflow files at {@code commit}; {@code startedBy} is recorded with each
     * run, {@code variables} are passed to each.
     */
    public List<Outcome> dispatch(WatchedRepository repo, TriggerEvent event, String commit, String startedBy,
                                  Map<String, String> variables) throws Exception {
        return dispatch(repo, event, commit, startedBy, variables,
                StartTimeline.begin(event.triggerType().name().toLowerCase(java.util.Locale.ROOT)));
    }

    /** As {@link #dispatch(WatchedRepository, TriggerEvent, String, String, Map)}, marking {@code timeline}. */
    public List<Outcome> dispatch(WatchedRepository repo, TriggerEvent event, String commit, String startedBy,
                                  Map<String, String> variables, StartTimeline timeline) throws Exception {
        List<Outcome> outcomes = new ArrayList<>();
        List<WorkflowAtCommit> workflows = workflows(repo, commit);
        timeline.mark(StartPhase.WORKFLOWS_READ);
        for (WorkflowAtCommit w : workflows) {
            if (w.loaded().workflow() == null || w.loaded().hasErrors()) {
                outcomes.add(new Outcome(w.file().path(), null, false, "the workflow file has errors", null));
                continue;
            }
            Workflow workflow = w.loaded().workflow();
            if (event instanceof ManualEvent m && !m.workflowName().equals(workflow.name())) {
                continue;
            }
            TriggerDecision decision = matcher.decide(workflow, event);
            Long id = null;
            if (decision.runs()) {
                timeline.mark(StartPhase.MATCHED);
                RunRecord run = runs.submit(new NewRun(repo.name(), workflow.name(), w.file().path(),
                        event.workflowBranch(), commit, event.triggerType().name(), detail(event, commit),
                        startedBy, variables, null), timeline);
                id = run.id();
            }
            outcomes.add(new Outcome(w.file().path(), workflow.name(), decision.runs(), decision.reason(), id));
        }
        return outcomes;
    }

    /** A workflow file of a commit, loaded and validated. */
    public record WorkflowAtCommit(RepositoryFile file, LoadedWorkflow loaded) {
    }

    /** Every workflow file of {@code commit}, loaded and validated (once per content: {@link WorkflowCache}). */
    public List<WorkflowAtCommit> workflows(WatchedRepository repo, String commit) throws Exception {
        List<WorkflowAtCommit> result = new ArrayList<>();
        for (WorkflowCache.Parsed p : workflows.at(repo.mirror(), commit)) {
            result.add(new WorkflowAtCommit(p.file(), p.loaded()));
        }
        return result;
    }

    /** How a run's trigger is shown to people. */
    static String detail(TriggerEvent event, String commit) {
        String shortCommit = commit.length() > 12 ? commit.substring(0, 12) : commit;
        if (event instanceof PushEvent p) {
            return "push to " + p.branch() + (p.before() == null ? " (new branch)" : " from "
                    + p.before().substring(0, Math.min(12, p.before().length()))) + " to " + shortCommit
                    + (p.forced() ? " (forced)" : "");
        }
        if (event instanceof PullRequestEvent pr) {
            return "pull request " + pr.number() + " " + pr.actions() + " " + pr.sourceBranch() + " -> "
                    + pr.destinationBranch() + " at " + shortCommit;
        }
        if (event instanceof ScheduleTick s) {
            return "schedule at " + s.upTo() + " on " + s.branch();
        }
        return "manual run on " + event.workflowBranch() + " at " + shortCommit;
    }
}
