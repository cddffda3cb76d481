package dev.gantry.web.dag;

import dev.gantry.engine.plan.ActionGraph;
import dev.gantry.engine.plan.Dependency;
import dev.gantry.server.history.ActionRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shape of a run's DAG as the pages draw it: actions (qualified ids, {@code Group.Action} inside a group),
 * the group each belongs to, and edges with why they exist ({@code DependsOn}, a variable, an artifact).
 */
public record RunGraph(List<String> actions, Map<String, String> groupOf, List<Edge> edges) {
    public RunGraph {
        actions = List.copyOf(actions);
        groupOf = Map.copyOf(groupOf);
        edges = List.copyOf(edges);
    }

    /** {@code to} waits for {@code from}; {@code kinds}: {@code depends-on}, {@code variable}, {@code artifact}. */
    public record Edge(String from, String to, Set<String> kinds) {
        public Edge {
            kinds = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(kinds));
        }
    }

    /** From the workflow's action graph (what the run was planned from), with the actions the history knows too. */
    public static RunGraph of(ActionGraph graph, List<ActionRecord> recorded) {
        List<String> actions = new ArrayList<>(graph.graph().vertexSet());
        Map<String, String> groups = new LinkedHashMap<>();
        for (String id : actions) {
            String g = graph.action(id).group();
            if (g != null) {
                groups.put(id, g);
            }
        }
        for (ActionRecord a : recorded) {
            if (!actions.contains(a.name())) {
                actions.add(a.name());
            }
        }
        List<Edge> edges = new ArrayList<>();
        for (Dependency d : graph.graph().edgeSet()) {
            Set<String> kinds = new LinkedHashSet<>();
            for (Dependency.Kind k : d.kinds()) {
                kinds.add(switch (k) {
                    case DEPENDS_ON -> "depends-on";
                    case VARIABLE -> "variable";
                    case ARTIFACT -> "artifact";
                });
            }
            edges.add(new Edge(d.from(), d.to(), kinds));
        }
        return new RunGraph(actions, groups, edges);
    }

    /** From the history alone (when the workflow file cannot be read any more): DependsOn edges, groups by id. */
    public static RunGraph of(List<ActionRecord> recorded) {
        List<String> actions = new ArrayList<>();
        Map<String, String> groups = new LinkedHashMap<>();
        List<Edge> edges = new ArrayList<>();
        for (ActionRecord a : recorded) {
            actions.add(a.name());
            int dot = a.name().indexOf('.');
            if (dot > 0) {
                groups.put(a.name(), a.name().substring(0, dot));
            }
        }
        for (ActionRecord a : recorded) {
            for (String from : a.dependsOn()) {
                if (actions.contains(from)) {
                    edges.add(new Edge(from, a.name(), Set.of("depends-on")));
                }
            }
        }
        return new RunGraph(actions, groups, edges);
    }
}
