package dev.gantry.engine.plan;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.ActionGroup;
import dev.gantry.engine.model.ActionStrings;
import dev.gantry.engine.model.OutputArtifact;
import dev.gantry.engine.model.Reference;
import dev.gantry.engine.model.Workflow;
import dev.gantry.engine.model.WorkflowNode;
import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.alg.cycle.CycleDetector;
import org.jgrapht.graph.AsUnmodifiableGraph;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.traverse.TopologicalOrderIterator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The workflow's actions as a JGraphT directed graph: vertices are action ids ({@link Action#id()}), an edge
 * {@code a -> b} means b waits for a.
 *
 * <p>Edges come from {@code DependsOn} (a group as a target means all its members; a group's own
 * {@code DependsOn} applies to each member; a grouped action naming a top-level action or group, which the
 * reference does not allow but AWS's runner honours, waits for it too), from {@code ${Action.Var}} references to another action's output
 * variables, and from consuming another action's output artifact. References to things that do not exist add no
 * edge: reporting them is the validator's job. The graph may contain cycles; {@link #cycle()} finds one.
 */
public final class ActionGraph {
    private final Workflow workflow;
    private final Graph<String, Dependency> graph;
    private final Map<String, Action> actions;

    private ActionGraph(Workflow workflow, Graph<String, Dependency> graph, Map<String, Action> actions) {
        this.workflow = workflow;
        this.graph = graph;
        this.actions = actions;
    }

    /** Builds the graph of {@code workflow}. */
    public static ActionGraph of(Workflow workflow) {
        Graph<String, Dependency> g = new DefaultDirectedGraph<>(null, null, false);
        Map<String, Action> actions = new LinkedHashMap<>();
        for (Action a : workflow.actions()) {
            actions.put(a.id(), a);
            g.addVertex(a.id());
        }
        Map<String, List<String>> membersOfTopLevel = new HashMap<>();
        for (WorkflowNode node : workflow.nodes()) {
            if (node instanceof ActionGroup grp) {
                membersOfTopLevel.put(grp.name(), grp.actions().stream().map(Action::id).toList());
            } else {
                membersOfTopLevel.put(node.name(), List.of(((Action) node).id()));
            }
        }
        for (WorkflowNode node : workflow.nodes()) {
            if (node instanceof Action a) {
                for (String dep : a.dependsOn()) {
                    for (String from : membersOfTopLevel.getOrDefault(dep, List.of())) {
                        link(g, from, a.id(), Dependency.Kind.DEPENDS_ON);
                    }
                }
            } else if (node instanceof ActionGroup grp) {
                for (Action member : grp.actions()) {
                    for (String dep : grp.dependsOn()) {
                        for (String from : membersOfTopLevel.getOrDefault(dep, List.of())) {
                            link(g, from, member.id(), Dependency.Kind.DEPENDS_ON);
                        }
                    }
                    for (String dep : member.dependsOn()) {
                        String from = grp.name() + "." + dep;
                        if (actions.containsKey(from)) {
                            link(g, from, member.id(), Dependency.Kind.DEPENDS_ON);
                        } else if (!dep.equals(grp.name())) {
                            for (String top : membersOfTopLevel.getOrDefault(dep, List.of())) {
                                link(g, top, member.id(), Dependency.Kind.DEPENDS_ON);
                            }
                        }
                    }
                }
            }
        }
        Map<String, String> artifactProducer = new HashMap<>();
        for (Action a : actions.values()) {
            for (OutputArtifact art : a.outputs().artifacts()) {
                artifactProducer.putIfAbsent(art.name(), a.id());
            }
        }
        for (Action a : actions.values()) {
            for (String art : a.inputs().artifacts()) {
                String from = artifactProducer.get(art);
                if (from != null) {
                    link(g, from, a.id(), Dependency.Kind.ARTIFACT);
                }
            }
            ActionStrings.forEach(a, (path, text) -> {
                for (Reference ref : Reference.findAll(text)) {
                    resolveProducer(a, ref, actions).ifPresent(from -> link(g, from, a.id(),
                            Dependency.Kind.VARIABLE));
                }
            });
        }
        return new ActionGraph(workflow, new AsUnmodifiableGraph<>(g), Collections.unmodifiableMap(actions));
    }

    /**
     * The id of the action a reference in {@code consumer} points to, if it exists: {@code ${X.V}} is action X in
     * the consumer's own group first, then top-level action X; {@code ${G.X.V}} is action X of group G.
     */
    public static Optional<String> resolveProducer(Action consumer, Reference ref, Map<String, Action> actions) {
        if (!ref.isActionOutput()) {
            return Optional.empty();
        }
        String producer = ref.producer();
        if (!producer.contains(".") && consumer.group() != null) {
            String sameGroup = consumer.group() + "." + producer;
            if (actions.containsKey(sameGroup)) {
                return Optional.of(sameGroup);
            }
        }
        return actions.containsKey(producer) && !producer.equals(consumer.id())
                ? Optional.of(producer) : Optional.empty();
    }

    private static void link(Graph<String, Dependency> g, String from, String to, Dependency.Kind kind) {
        if (from.equals(to)) {
            return;
        }
        Dependency existing = g.getEdge(from, to);
        if (existing == null) {
            g.addEdge(from, to, new Dependency(kind));
        } else {
            existing.addKind(kind);
        }
    }

    public Workflow workflow() {
        return workflow;
    }

    /** The underlying graph (unmodifiable). */
    public Graph<String, Dependency> graph() {
        return graph;
    }

    /** Actions by id, in file order. */
    public Map<String, Action> actions() {
        return actions;
    }

    public Action action(String id) {
        Action a = actions.get(id);
        if (a == null) {
            throw new IllegalArgumentException("no action " + id);
        }
        return a;
    }

    /** Ids of the actions {@code id} waits for directly. */
    public Set<String> upstream(String id) {
        Set<String> up = new LinkedHashSet<>();
        for (Dependency d : graph.incomingEdgesOf(id)) {
            up.add(d.from());
        }
        return up;
    }

    /** Ids of the actions that wait directly for {@code id}. */
    public Set<String> downstream(String id) {
        Set<String> down = new LinkedHashSet<>();
        for (Dependency d : graph.outgoingEdgesOf(id)) {
            down.add(d.to());
        }
        return down;
    }

    /**
     * One dependency cycle as a closed path of action ids ({@code [A, B, C, A]}), or empty when the graph is
     * acyclic. The path starts at the cycle member that comes first in file order, so the message is stable.
     */
    public Optional<List<String>> cycle() {
        CycleDetector<String, Dependency> detector = new CycleDetector<>(graph);
        if (!detector.detectCycles()) {
            return Optional.empty();
        }
        Set<String> inCycles = detector.findCycles();
        String start = actions.keySet().stream().filter(inCycles::contains).findFirst().orElseThrow();
        return Optional.of(shortestCycleThrough(start, inCycles));
    }

    /** The shortest closed path from {@code start} back to itself through {@code within} only (BFS). */
    private List<String> shortestCycleThrough(String start, Set<String> within) {
        Map<String, String> parent = new HashMap<>();
        List<String> queue = new ArrayList<>();
        queue.add(start);
        for (int i = 0; i < queue.size(); i++) {
            String v = queue.get(i);
            for (String next : downstream(v)) {
                if (!within.contains(next)) {
                    continue;
                }
                if (next.equals(start)) {
                    List<String> path = new ArrayList<>();
                    path.add(start);
                    for (String p = v; p != null && !p.equals(start); p = parent.get(p)) {
                        path.add(1, p);
                    }
                    path.add(start);
                    return List.copyOf(path);
                }
                if (!parent.containsKey(next)) {
                    parent.put(next, v);
                    queue.add(next);
                }
            }
        }
        throw new IllegalStateException("cycle detected but not traced");
    }

    /**
     * One cycle per strongly connected part of the graph that has one, each as a closed path
     * ({@code [A, B, C, A]}) starting at its member that comes first in file order; parts in file order of their
     * first member. Empty when the graph is acyclic.
     */
    public List<List<String>> cycles() {
        List<List<String>> found = new ArrayList<>();
        for (Set<String> part : new KosarajuStrongConnectivityInspector<>(graph).stronglyConnectedSets()) {
            if (part.size() > 1) {
                String start = actions.keySet().stream().filter(part::contains).findFirst().orElseThrow();
                found.add(shortestCycleThrough(start, part));
            }
        }
        List<String> order = new ArrayList<>(actions.keySet());
        found.sort(java.util.Comparator.comparingInt(c -> order.indexOf(c.get(0))));
        return List.copyOf(found);
    }

    /** Action ids in a dependency-respecting order (ties in file order). The graph must be acyclic. */
    public List<String> topologicalOrder() {
        requireAcyclic();
        Map<String, Integer> fileOrder = new HashMap<>();
        int i = 0;
        for (String id : actions.keySet()) {
            fileOrder.put(id, i++);
        }
        List<String> order = new ArrayList<>();
        new TopologicalOrderIterator<>(graph, (String a, String b) -> fileOrder.get(a) - fileOrder.get(b))
                .forEachRemaining(order::add);
        return order;
    }

    /**
     * Parallel levels: level 0 holds actions with no dependencies, level n those whose longest chain of
     * dependencies has n edges. Actions in one level can run at the same time.
     */
    public List<List<String>> levels() {
        Map<String, Integer> level = new HashMap<>();
        int max = -1;
        for (String id : topologicalOrder()) {
            int l = 0;
            for (String up : upstream(id)) {
                l = Math.max(l, level.get(up) + 1);
            }
            level.put(id, l);
            max = Math.max(max, l);
        }
        List<List<String>> levels = new ArrayList<>();
        for (int l = 0; l <= max; l++) {
            levels.add(new ArrayList<>());
        }
        for (String id : actions.keySet()) {
            levels.get(level.get(id)).add(id);
        }
        return levels.stream().map(List::copyOf).toList();
    }

    /**
     * For each action, the number of actions on the longest chain that starts with it (itself included): the
     * remaining critical path in actions. The scheduler runs the ready action with the largest value first.
     */
    public Map<String, Integer> remainingPathLengths() {
        List<String> order = topologicalOrder();
        Map<String, Integer> length = new HashMap<>();
        for (int i = order.size() - 1; i >= 0; i--) {
            String id = order.get(i);
            int best = 0;
            for (String down : downstream(id)) {
                best = Math.max(best, length.get(down));
            }
            length.put(id, best + 1);
        }
        return Collections.unmodifiableMap(length);
    }

    /** The longest chain of actions (by count), first to last. */
    public List<String> criticalPath() {
        Map<String, Integer> len = remainingPathLengths();
        List<String> path = new ArrayList<>();
        String current = null;
        for (String id : topologicalOrder()) {
            if (upstream(id).isEmpty() && (current == null || len.get(id) > len.get(current))) {
                current = id;
            }
        }
        while (current != null) {
            path.add(current);
            String next = null;
            for (String down : downstream(current)) {
                if (next == null || len.get(down) > len.get(next)) {
                    next = down;
                }
            }
            current = next;
        }
        return List.copyOf(path);
    }

    /** The subgraph's vertex set needed to run {@code targets}: them and everything upstream of them. */
    public Set<String> withUpstream(Set<String> targets) {
        Set<String> needed = new LinkedHashSet<>();
        List<String> stack = new ArrayList<>(targets);
        while (!stack.isEmpty()) {
            String id = stack.remove(stack.size() - 1);
            if (needed.add(id)) {
                stack.addAll(upstream(id));
            }
        }
        Set<String> ordered = new LinkedHashSet<>();
        for (String id : actions.keySet()) {
            if (needed.contains(id)) {
                ordered.add(id);
            }
        }
        return ordered;
    }

    private void requireAcyclic() {
        cycle().ifPresent(c -> {
            throw new IllegalStateException("dependency cycle: " + String.join(" -> ", c));
        });
    }
}
