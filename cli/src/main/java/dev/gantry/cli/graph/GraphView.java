package dev.gantry.cli.graph;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.ActionGroup;
import dev.gantry.engine.model.Workflow;
import dev.gantry.engine.model.WorkflowNode;
import dev.gantry.engine.plan.ActionGraph;
import dev.gantry.engine.plan.Dependency;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code gantry graph} draws, computed once for every format: the actions with their parallel level, the
 * groups, the edges both as written (a {@code DependsOn} on a group stays one edge to the group) and as planned
 * (one edge per pair of actions, with every reason), and the critical path. The workflow must be acyclic.
 *
 * @param name         the workflow's {@code Name}
 * @param file         the file as the user named it
 * @param actions      every action in file order
 * @param groups       the groups in file order
 * @param declared     edges between nodes as the file declares them, plus implicit edges between actions
 * @param planned      edges between actions as the plan runs them
 * @param levels       action ids by parallel level
 * @param criticalPath the longest chain of actions
 */
public record GraphView(String name, String file, List<ActionNode> actions, List<GroupNode> groups,
                        List<Edge> declared, List<Edge> planned, List<List<String>> levels,
                        List<String> criticalPath) {
    /**
     * An action as drawn.
     *
     * @param id         qualified id ({@code Group.Action} inside a group)
     * @param name       its key in the file
     * @param group      its group, or {@code null}
     * @param identifier its {@code Identifier}
     * @param gate       whether it is a gate
     * @param level      its parallel level (0: no dependencies)
     * @param upstream   the actions it waits for, with why
     */
    public record ActionNode(String id, String name, String group, String identifier, boolean gate, int level,
                             Map<String, Set<Dependency.Kind>> upstream) {
    }

    /**
     * A group as drawn.
     *
     * @param name      its key in the file
     * @param members   ids of its actions
     * @param dependsOn its own {@code DependsOn}
     */
    public record GroupNode(String name, List<String> members, List<String> dependsOn) {
    }

    /**
     * An edge: {@code to} waits for {@code from}. An end is an action id or, for {@link #declared} edges, a group
     * name (then {@code fromGroup}/{@code toGroup} is true).
     */
    public record Edge(String from, boolean fromGroup, String to, boolean toGroup, Set<Dependency.Kind> kinds) {
    }

    /** Builds the view of an acyclic workflow. */
    public static GraphView of(Workflow workflow, String file) {
        ActionGraph graph = ActionGraph.of(workflow);
        List<List<String>> levels = graph.levels();
        Map<String, Integer> levelOf = new HashMap<>();
        for (int l = 0; l < levels.size(); l++) {
            for (String id : levels.get(l)) {
                levelOf.put(id, l);
            }
        }
        List<ActionNode> actions = new ArrayList<>();
        List<Edge> planned = new ArrayList<>();
        for (Action a : workflow.actions()) {
            Map<String, Set<Dependency.Kind>> up = new LinkedHashMap<>();
            for (Dependency d : graph.graph().incomingEdgesOf(a.id())) {
                up.put(d.from(), kinds(d.kinds()));
                planned.add(new Edge(d.from(), false, a.id(), false, kinds(d.kinds())));
            }
            actions.add(new ActionNode(a.id(), a.name(), a.group(), a.identifier(), a.isGate(), levelOf.get(a.id()),
                    up));
        }
        List<GroupNode> groups = new ArrayList<>();
        for (WorkflowNode n : workflow.nodes()) {
            if (n instanceof ActionGroup g) {
                groups.add(new GroupNode(g.name(), g.actions().stream().map(Action::id).toList(), g.dependsOn()));
            }
        }
        return new GraphView(workflow.name(), file, actions, groups, declared(workflow, graph), planned, levels,
                graph.criticalPath());
    }

    private static List<Edge> declared(Workflow workflow, ActionGraph graph) {
        Map<String, Boolean> topLevel = new LinkedHashMap<>();
        for (WorkflowNode n : workflow.nodes()) {
            topLevel.put(n.name(), n instanceof ActionGroup);
        }
        Map<String, Edge> edges = new LinkedHashMap<>();
        for (WorkflowNode n : workflow.nodes()) {
            boolean isGroup = n instanceof ActionGroup;
            for (String dep : n.dependsOn()) {
                if (topLevel.containsKey(dep) && !dep.equals(n.name())) {
                    add(edges, new Edge(dep, topLevel.get(dep), n.name(), isGroup,
                            EnumSet.of(Dependency.Kind.DEPENDS_ON)));
                }
            }
            if (n instanceof ActionGroup g) {
                for (Action m : g.actions()) {
                    for (String dep : m.dependsOn()) {
                        String sibling = g.name() + "." + dep;
                        if (graph.actions().containsKey(sibling) && !sibling.equals(m.id())) {
                            add(edges, new Edge(sibling, false, m.id(), false,
                                    EnumSet.of(Dependency.Kind.DEPENDS_ON)));
                        } else if (topLevel.containsKey(dep) && !dep.equals(g.name())) {
                            add(edges, new Edge(dep, topLevel.get(dep), m.id(), false,
                                    EnumSet.of(Dependency.Kind.DEPENDS_ON)));
                        }
                    }
                }
            }
        }
        for (Dependency d : graph.graph().edgeSet()) {
            Set<Dependency.Kind> implicit = EnumSet.noneOf(Dependency.Kind.class);
            implicit.addAll(d.kinds());
            implicit.remove(Dependency.Kind.DEPENDS_ON);
            if (implicit.isEmpty()) {
                continue;
            }
            String key = d.from() + "\u0000" + d.to();
            Edge same = edges.get(key);
            if (same != null) {
                Set<Dependency.Kind> all = EnumSet.copyOf(same.kinds());
                all.addAll(implicit);
                edges.put(key, new Edge(same.from(), false, same.to(), false, kinds(all)));
            } else {
                edges.put(key, new Edge(d.from(), false, d.to(), false, kinds(implicit)));
            }
        }
        return List.copyOf(edges.values());
    }

    private static void add(Map<String, Edge> edges, Edge e) {
        edges.putIfAbsent(e.from() + "\u0000" + e.to(), new Edge(e.from(), e.fromGroup(), e.to(), e.toGroup(),
                kinds(e.kinds())));
    }

    private static Set<Dependency.Kind> kinds(Set<Dependency.Kind> kinds) {
        return java.util.Collections.unmodifiableSet(EnumSet.copyOf(kinds));
    }

    /** How people read an edge kind: {@code DependsOn}, {@code variable}, {@code artifact}. */
    public static String label(Dependency.Kind kind) {
        return switch (kind) {
            case DEPENDS_ON -> "DependsOn";
            case VARIABLE -> "variable";
            case ARTIFACT -> "artifact";
        };
    }
}
