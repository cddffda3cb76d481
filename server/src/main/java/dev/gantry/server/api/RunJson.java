package dev.gantry.server.api;

import dev.gantry.server.history.ActionRecord;
import dev.gantry.server.history.ApprovalRecord;
import dev.gantry.server.history.RunRecord;
import dev.gantry.server.history.StepRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How runs, actions, steps and approvals look in the API (one place, so every endpoint shows them alike). */
public final class RunJson {
    private RunJson() {
    }

    /** A run as the run list shows it. */
    public static Map<String, Object> summary(RunRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("repository", r.repository());
        m.put("workflow", r.workflow());
        m.put("workflowFile", r.workflowFile());
        m.put("branch", r.branch());
        m.put("commit", r.commit());
        m.put("state", r.state().label());
        m.put("reason", r.reason());
        Map<String, Object> trigger = new LinkedHashMap<>();
        trigger.put("type", r.trigger());
        trigger.put("detail", r.triggerDetail());
        m.put("trigger", trigger);
        m.put("startedBy", r.startedBy());
        m.put("rerunOf", r.rerunOf());
        m.put("createdAt", time(r.createdAt()));
        m.put("startedAt", time(r.startedAt()));
        m.put("finishedAt", time(r.finishedAt()));
        m.put("durationMs", r.startedAt() == null ? null
                : (r.finishedAt() == null ? null : r.finishedAt() - r.startedAt()));
        return m;
    }

    /**
     * One run with its actions (state, runner, timings, dependencies: the DAG's edges), each action's steps, the
     * approvals so far and the variables it ran with.
     */
    public static Map<String, Object> detail(RunRecord r, List<ActionRecord> actions, List<StepRecord> steps,
                                             List<ApprovalRecord> approvals) {
        Map<String, Object> m = summary(r);
        m.put("variables", r.variables());
        List<Map<String, Object>> list = new ArrayList<>();
        List<Map<String, String>> edges = new ArrayList<>();
        for (ActionRecord a : actions) {
            Map<String, Object> am = new LinkedHashMap<>();
            am.put("name", a.name());
            am.put("state", a.state());
            am.put("runner", a.runner());
            am.put("dependsOn", a.dependsOn());
            am.put("reason", a.reason());
            am.put("startedAt", time(a.startedAt()));
            am.put("finishedAt", time(a.finishedAt()));
            am.put("durationMs", a.startedAt() == null || a.finishedAt() == null ? null
                    : a.finishedAt() - a.startedAt());
            am.put("steps", steps.stream().filter(s -> s.action().equals(a.name())).map(RunJson::step).toList());
            am.put("approvals", approvals.stream().filter(p -> p.action().equals(a.name())).map(RunJson::approval)
                    .toList());
            list.add(am);
            for (String from : a.dependsOn()) {
                edges.add(Map.of("from", from, "to", a.name()));
            }
        }
        m.put("actions", list);
        m.put("edges", edges);
        return m;
    }

    private static Map<String, Object> step(StepRecord s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", s.position());
        m.put("state", s.state());
        m.put("exitCode", s.exitCode());
        m.put("startedAt", time(s.startedAt()));
        m.put("finishedAt", time(s.finishedAt()));
        return m;
    }

    private static Map<String, Object> approval(ApprovalRecord a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user", a.user());
        m.put("decision", a.decision());
        m.put("comment", a.comment());
        m.put("at", time(a.at()));
        return m;
    }

    /** An ISO-8601 instant, or {@code null}. */
    public static String time(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis).toString();
    }
}
