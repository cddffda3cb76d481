package dev.gantry.dsl.yaml;

import dev.gantry.engine.diagnostic.Diagnostics;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rejects alias bombs ("billion laughs") before anything walks the tree. SnakeYAML composes an alias as a second
 * reference to the same node, so the composed graph stays small while its expansion can be huge, or even infinite
 * for a recursive alias. This counts the expanded size of every node once (memoised, linear in the distinct nodes)
 * and refuses the document when aliases add more than {@link #MAX_EXTRA_NODES} nodes.
 */
final class AliasBudget {
    /** Nodes that aliases may add on top of the nodes written out; far above any real workflow's needs. */
    static final long MAX_EXTRA_NODES = 100_000;
    private static final long SATURATED = Long.MAX_VALUE / 4;

    private final Map<Node, Long> sizes = new IdentityHashMap<>();
    private final Map<Node, Boolean> inProgress = new IdentityHashMap<>();
    private Node recursive;

    private AliasBudget() {
    }

    /** Whether {@code root} may be walked; reports a {@code yaml-aliases} error when not. */
    static boolean check(Node root, Diagnostics out) {
        AliasBudget budget = new AliasBudget();
        long expanded = budget.size(root);
        if (budget.recursive != null) {
            out.error(YamlComposer.position(budget.recursive.getStartMark()), "yaml-aliases",
                    "this node contains an alias to itself (a recursive alias); a workflow cannot be infinite");
            return false;
        }
        long written = budget.sizes.size();
        if (expanded - written > MAX_EXTRA_NODES) {
            Node worst = budget.largestAliased(root);
            out.error(YamlComposer.position(worst.getStartMark()), "yaml-aliases",
                    "aliases expand this document to " + (expanded >= SATURATED ? "billions of" : expanded)
                            + " nodes (an alias bomb); at most " + MAX_EXTRA_NODES + " extra nodes are allowed");
            return false;
        }
        return true;
    }

    private long size(Node node) {
        Long known = sizes.get(node);
        if (known != null) {
            return known;
        }
        if (inProgress.containsKey(node)) {
            if (recursive == null) {
                recursive = node;
            }
            return SATURATED;
        }
        inProgress.put(node, Boolean.TRUE);
        long total = 1;
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                total = add(total, add(size(t.getKeyNode()), size(t.getValueNode())));
            }
        } else if (node instanceof SequenceNode s) {
            for (Node child : s.getValue()) {
                total = add(total, size(child));
            }
        }
        inProgress.remove(node);
        sizes.put(node, total);
        return total;
    }

    /** The first top-level value whose expansion alone is over budget: where to point the user. */
    private Node largestAliased(Node root) {
        List<Node> children = new ArrayList<>();
        if (root instanceof MappingNode m) {
            m.getValue().forEach(t -> children.add(t.getValueNode()));
        } else if (root instanceof SequenceNode s) {
            children.addAll(s.getValue());
        }
        for (Node child : children) {
            if (sizes.getOrDefault(child, 0L) > MAX_EXTRA_NODES) {
                return child;
            }
        }
        return root;
    }

    private static long add(long a, long b) {
        long sum = a + b;
        return sum >= SATURATED || sum < 0 ? SATURATED : sum;
    }
}
