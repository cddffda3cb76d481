package dev.gantry.service.records;

import dev.gantry.engine.run.ActionResult;
import dev.gantry.engine.run.RunEvent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's events as JSON objects, the one shape every front end shows: {@code gantry run --json}, {@code run.json}
 * and a server's live events. Every object has {@code type} and {@code time}; types: {@code run.started},
 * {@code action.started}, {@code step.started}, {@code log}, {@code step.finished}, {@code action.finished},
 * {@code run.finished}. Secrets are already masked in the events.
 */
public final class EventJson {
    private EventJson() {
    }

    /** The JSON object of an event. */
    public static Map<String, Object> toMap(RunEvent event) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (event instanceof RunEvent.RunStarted s) {
            m.put("type", "run.started");
            m.put("runId", s.runId());
            m.put("workflow", s.workflow());
            m.put("actions", s.actions().stream().map(a -> {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("action", a.actionId());
                p.put("runner", a.runner());
                p.put("dependsOn", a.dependsOn());
                return p;
            }).toList());
        } else if (event instanceof RunEvent.ActionStarted s) {
            m.put("type", "action.started");
            m.put("action", s.actionId());
            m.put("runner", s.runner());
        } else if (event instanceof RunEvent.StepStarted s) {
            m.put("type", "step.started");
            m.put("action", s.actionId());
            m.put("step", s.step());
            m.put("steps", s.steps());
            m.put("text", s.text());
        } else if (event instanceof RunEvent.LogLine l) {
            m.put("type", "log");
            m.put("action", l.actionId());
            m.put("step", l.step());
            m.put("source", l.note() ? "gantry" : "step");
            m.put("text", l.text());
        } else if (event instanceof RunEvent.StepFinished s) {
            m.put("type", "step.finished");
            m.put("action", s.actionId());
            m.put("step", s.step());
            m.put("status", s.status());
            m.put("durationMs", s.duration().toMillis());
        } else if (event instanceof RunEvent.ActionFinished f) {
            m.put("type", "action.finished");
            m.putAll(action(f.result()));
        } else if (event instanceof RunEvent.RunFinished f) {
            m.put("type", "run.finished");
            m.put("runId", f.report().runId());
            m.put("status", f.report().status().label());
            m.put("durationMs", f.report().duration().toMillis());
            m.put("actions", f.report().actions().stream().map(EventJson::action).toList());
        }
        m.put("time", event.at());
        return m;
    }

    /** An action result as a JSON object (also used in {@code run.json}). */
    public static Map<String, Object> action(ActionResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", r.actionId());
        m.put("status", r.status().label());
        m.put("runner", r.runner());
        m.put("started", r.started());
        m.put("finished", r.finished());
        m.put("durationMs", r.started() == null ? null : r.duration().toMillis());
        m.put("exitCode", r.exitCode());
        m.put("failedStep", r.failedStep() == 0 ? null : r.failedStep());
        m.put("message", r.message());
        m.put("outputs", r.outputs());
        if (!r.details().isEmpty()) {
            m.put("details", r.details());
        }
        if (!r.summary().isEmpty()) {
            m.put("summary", List.copyOf(r.summary()));
        }
        return m;
    }
}
