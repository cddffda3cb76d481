package dev.gantry.server.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.engine.run.ActionResult;
import dev.gantry.engine.run.RunEvent;
import dev.gantry.engine.run.RunListener;
import dev.gantry.engine.run.RunReport;
import dev.gantry.server.ServerMetrics;
import dev.gantry.server.history.ActionRecord;
import dev.gantry.server.history.HistoryStore;
import dev.gantry.server.history.StepRecord;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a run's events into the history as they happen: the planned actions (with their dependencies), each
 * action's start, runner and end, each step's start, exit status and end, and what lifecycle hooks recorded
 * (artifacts, reports) with its output variables once it ends. The run moves to In progress when its first action
 * starts. Events arrive masked.
 */
public final class HistoryRecorder implements RunListener {
    /** The key of an action's output variables among its recorded details. */
    public static final String OUTPUTS = "outputs";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final long runId;
    private final String workflow;
    private final HistoryStore history;
    private final ServerMetrics metrics;
    private final Runnable onFirstStart;
    private final Map<String, ActionRecord> actions = new ConcurrentHashMap<>();
    private final Map<String, Long> stepStarts = new HashMap<>();
    private volatile boolean started;

    public HistoryRecorder(long runId, String workflow, HistoryStore history, ServerMetrics metrics,
                           Runnable onFirstStart) {
        this.runId = runId;
        this.workflow = workflow;
        this.history = history;
        this.metrics = metrics;
        this.onFirstStart = onFirstStart;
    }

    @Override
    public void onEvent(RunEvent event) {
        if (event instanceof RunEvent.RunStarted s) {
            int position = 0;
            for (RunEvent.PlannedAction a : s.actions()) {
                put(new ActionRecord(a.actionId(), position++, "waiting", null, a.dependsOn(), null, null, null));
            }
        } else if (event instanceof RunEvent.ActionStarted s) {
            firstStart();
            update(s.actionId(), a -> new ActionRecord(a.name(), a.position(), "running", s.runner(), a.dependsOn(),
                    null, millis(s.at()), null));
        } else if (event instanceof RunEvent.StepStarted s) {
            synchronized (stepStarts) {
                stepStarts.put(s.actionId() + "\n" + s.step(), millis(s.at()));
            }
            history.putStep(runId, new StepRecord(s.actionId(), s.step(), "running", null, millis(s.at()), null));
        } else if (event instanceof RunEvent.StepFinished s) {
            Long start;
            synchronized (stepStarts) {
                start = stepStarts.remove(s.actionId() + "\n" + s.step());
            }
            long end = millis(s.at());
            history.putStep(runId, new StepRecord(s.actionId(), s.step(), s.status() == 0 ? "succeeded" : "failed",
                    s.status(), start != null ? start : end - s.duration().toMillis(), end));
        } else if (event instanceof RunEvent.ActionFinished f) {
            ActionResult r = f.result();
            update(r.actionId(), a -> new ActionRecord(a.name(), a.position(), r.status().label(), r.runner() != null
                    ? r.runner() : a.runner(), a.dependsOn(), r.message(), r.started() == null ? a.startedAt()
                    : Long.valueOf(millis(r.started())), millis(r.finished())));
            // the action's details, and its output variables (masked, as every event is), so that pages show them
            // as soon as the action ends rather than when the run's record is written at its end
            Map<String, Object> details = new java.util.LinkedHashMap<>(r.details());
            if (!r.outputs().isEmpty()) {
                details.put(OUTPUTS, r.outputs());
            }
            if (!details.isEmpty()) {
                try {
                    history.putActionDetails(runId, r.actionId(), JSON.writeValueAsString(details));
                } catch (JsonProcessingException e) {
                    // details that cannot be written as JSON stay out of the history
                }
            }
            if (r.started() != null) {
                metrics.action(workflow, r.status().name(), r.duration());
            }
        }
    }

    /** Marks an action as waiting in a RunMode queue (shown as {@code queued}). */
    public void queued(String actionId, boolean waiting) {
        update(actionId, a -> new ActionRecord(a.name(), a.position(), waiting ? "queued" : "waiting", a.runner(),
                a.dependsOn(), waiting ? "waiting for an earlier run of this workflow" : null, a.startedAt(),
                a.finishedAt()));
    }

    /**
     * At the end of a run: records, from its report, every action whose end the events did not bring (actions
     * skipped because the run stopped first).
     */
    public void reconcile(RunReport report) {
        for (ActionResult r : report.actions()) {
            ActionRecord a = actions.get(r.actionId());
            if (a == null || List.of("waiting", "queued", "running").contains(a.state())) {
                onEvent(new RunEvent.ActionFinished(r, r.finished() != null ? r.finished() : report.finished()));
            }
        }
    }

    private void firstStart() {
        if (!started) {
            started = true;
            onFirstStart.run();
        }
    }

    private void put(ActionRecord a) {
        actions.put(a.name(), a);
        history.putAction(runId, a);
    }

    private void update(String actionId, java.util.function.UnaryOperator<ActionRecord> change) {
        ActionRecord now = actions.compute(actionId, (k, old) -> change.apply(old != null ? old
                : new ActionRecord(actionId, actions.size(), "waiting", null, List.of(), null, null, null)));
        history.putAction(runId, now);
    }

    private static long millis(Instant at) {
        return at.toEpochMilli();
    }
}
