package dev.gantry.engine.run;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Workflow;
import dev.gantry.engine.plan.ActionGraph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a run will do: the actions to run (the targets and everything they depend on) in a dependency order, what
 * each one's work is, which runners may run it, and its scheduling priority (the length of the longest chain of
 * actions it starts, {@link ActionGraph#remainingPathLengths()}).
 *
 * @param graph    the workflow's dependency graph (acyclic)
 * @param actions  the actions of this run, in topological order (ties in file order)
 * @param work     each action's work, as classified at plan time
 * @param runners  each action's candidate runners (empty for actions that need none)
 * @param priority each action's remaining critical path length; higher starts first
 */
public record RunPlan(ActionGraph graph, List<String> actions, Map<String, ActionWork> work,
                      Map<String, List<Runner>> runners, Map<String, Integer> priority) {
    public RunPlan {
        actions = List.copyOf(actions);
        work = Collections.unmodifiableMap(new LinkedHashMap<>(work));
        runners = Collections.unmodifiableMap(new LinkedHashMap<>(runners));
        priority = Map.copyOf(priority);
    }

    public Workflow workflow() {
        return graph.workflow();
    }

    /** The ids of this run's actions that {@code id} waits for directly. */
    public List<String> upstream(String id) {
        return graph.upstream(id).stream().filter(actions::contains).toList();
    }

    /** The ids of this run's actions that wait directly for {@code id}. */
    public List<String> downstream(String id) {
        return graph.downstream(id).stream().filter(actions::contains).toList();
    }

    /**
     * The result of planning: a plan, or the problems that prevent one.
     *
     * @param plan     the plan, or {@code null} when there are problems
     * @param problems empty when the plan can run
     */
    public record Outcome(RunPlan plan, List<PlanProblem> problems) {
        public Outcome {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /**
     * Plans a run of {@code targets} (action ids, action names, or group names; empty: every action) and what they
     * depend on. Problems: a dependency cycle, an action Gantry cannot run, a secret without a value, an action no
     * runner can run.
     *
     * @throws IllegalArgumentException when a target names no action or group (a usage error)
     */
    public static Outcome of(ActionGraph graph, Collection<String> targets, ActionTypes types, RunnerRouting routing,
                             ReferenceValues references) {
        Set<String> selectedTargets = resolveTargets(graph, targets);
        List<PlanProblem> problems = new ArrayList<>();
        var cycle = graph.cycle();
        if (cycle.isPresent()) {
            Action first = graph.action(cycle.get().get(0));
            problems.add(new PlanProblem(first.id(), PlanProblem.actionPath(first) + "/DependsOn", "dependency-cycle",
                    "dependency cycle: " + String.join(" -> ", cycle.get())));
            return new Outcome(null, problems);
        }
        Set<String> needed = graph.withUpstream(selectedTargets);
        List<String> order = graph.topologicalOrder().stream().filter(needed::contains).toList();
        Map<String, ActionWork> work = new LinkedHashMap<>();
        Map<String, List<Runner>> runners = new LinkedHashMap<>();
        for (String id : order) {
            Action a = graph.action(id);
            ActionWork w = types.work(a);
            work.put(id, w);
            if (w instanceof ActionWork.Unsupported u) {
                boolean kind = ActionWork.Unsupported.RULE.equals(u.rule());
                problems.add(new PlanProblem(id, PlanProblem.actionPath(a) + (kind ? "/Identifier" : "/Configuration/Steps"),
                        u.rule(), "action '" + id + "' (" + a.identifier() + ") "
                        + (kind ? "cannot run locally: " : "cannot run yet: ") + u.reason()));
            } else if (w instanceof ActionWork.Invalid inv) {
                problems.add(new PlanProblem(id, PlanProblem.actionPath(a) + "/Configuration"
                        + (inv.property() == null ? "" : "/" + inv.property()), "action-configuration",
                        "action '" + id + "' (" + a.identifier() + "): " + inv.reason()));
            }
            for (ReferenceValues.MissingSecret m : references.missingSecrets(a)) {
                problems.add(new PlanProblem(id, PlanProblem.actionPath(a) + "/" + m.path(), "secret-missing",
                        "secret '" + m.name() + "' has no value in any secret source"));
            }
            if (w instanceof ActionWork.RunSteps) {
                List<Runner> candidates = routing.candidates(a);
                if (candidates.isEmpty()) {
                    problems.add(new PlanProblem(id, PlanProblem.actionPath(a) + "/Compute", "runner-none",
                            routing.whyNone(a)));
                }
                runners.put(id, List.copyOf(candidates));
            } else {
                runners.put(id, List.of());
            }
        }
        if (!problems.isEmpty()) {
            return new Outcome(null, problems);
        }
        Map<String, Integer> all = graph.remainingPathLengths();
        Map<String, Integer> priority = new HashMap<>();
        order.forEach(id -> priority.put(id, all.get(id)));
        return new Outcome(new RunPlan(graph, order, work, runners, priority), List.of());
    }

    private static Set<String> resolveTargets(ActionGraph graph, Collection<String> targets) {
        if (targets.isEmpty()) {
            return graph.actions().keySet();
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String t : targets) {
            if (graph.actions().containsKey(t)) {
                ids.add(t);
                continue;
            }
            var node = graph.workflow().node(t);
            if (node.isPresent() && node.get() instanceof dev.gantry.engine.model.ActionGroup g) {
                g.actions().forEach(a -> ids.add(a.id()));
                continue;
            }
            List<String> byName = graph.actions().values().stream().filter(a -> a.name().equals(t))
                    .map(Action::id).toList();
            if (byName.size() == 1) {
                ids.add(byName.get(0));
            } else if (byName.isEmpty()) {
                throw new IllegalArgumentException("'" + t + "' is no action or group of the workflow; actions: "
                        + String.join(", ", graph.actions().keySet()));
            } else {
                throw new IllegalArgumentException("'" + t + "' names several actions: " + String.join(", ", byName));
            }
        }
        return ids;
    }
}
