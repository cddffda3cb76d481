package dev.gantry.dsl.yaml;

import dev.gantry.engine.diagnostic.Diagnostics;
import dev.gantry.engine.diagnostic.SourcePosition;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The YAML node layer every YAML file Gantry reads goes through (workflow files and {@code gantry.yaml}): compose
 * the first document with positions an editor shows and SnakeYAML's limits ({@link YamlComposer}), check the alias
 * budget ({@link AliasBudget}), and read a mapping's entries with merge keys ({@code <<}) applied and duplicate keys
 * reported, always with the same rules and messages.
 */
public final class YamlNodes {
    /** Where a reader's problems go: a position, a rule id ({@code type}, {@code duplicate-key}) and a message. */
    @FunctionalInterface
    public interface Problems {
        void error(SourcePosition at, String rule, String message);
    }

    private YamlNodes() {
    }

    /**
     * The root node of the first document of {@code text}, or {@code null} when there is none or it cannot be read
     * (syntax, unprintable characters, alias bombs: reported in {@code out}; an empty document reports nothing).
     */
    public static Node compose(String text, Diagnostics out) {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        Node root = YamlComposer.compose(text, out);
        return root != null && AliasBudget.check(root, out) ? root : null;
    }

    /** Where {@code node} starts. */
    public static SourcePosition position(Node node) {
        return YamlComposer.position(node.getStartMark());
    }

    /**
     * The entries of {@code mapping} in file order, merge keys applied (keys written in the mapping win over merged
     * ones), keys that are not text and duplicate keys reported and left out.
     */
    public static Map<String, NodeTuple> entries(MappingNode mapping, Problems problems) {
        return entries(mapping, problems, true);
    }

    private static Map<String, NodeTuple> entries(MappingNode mapping, Problems problems, boolean report) {
        Map<String, NodeTuple> result = new LinkedHashMap<>();
        Set<String> merged = new HashSet<>();
        for (NodeTuple t : mapping.getValue()) {
            Node key = t.getKeyNode();
            if (Tag.MERGE.equals(key.getTag())) {
                merge(t.getValueNode(), result, merged, problems);
                continue;
            }
            if (!(key instanceof ScalarNode scalarKey)) {
                if (report) {
                    problems.error(position(key), "type", "a key must be plain text, not " + Field.describe(key));
                }
                continue;
            }
            String name = scalarKey.getValue();
            NodeTuple previous = result.get(name);
            if (previous != null && !merged.contains(name)) {
                if (report) {
                    SourcePosition first = position(previous.getKeyNode());
                    problems.error(position(key), "duplicate-key", "duplicate key '" + name + "': first defined at "
                            + "line " + first.line() + ", column " + first.column() + ", again here; remove one of "
                            + "them");
                }
                continue;
            }
            merged.remove(name);
            result.put(name, t);
        }
        return result;
    }

    private static void merge(Node source, Map<String, NodeTuple> into, Set<String> merged, Problems problems) {
        List<Node> sources = new ArrayList<>();
        if (source instanceof SequenceNode s) {
            sources.addAll(s.getValue());
        } else {
            sources.add(source);
        }
        for (Node each : sources) {
            if (!(each instanceof MappingNode m)) {
                problems.error(position(each), "type", "a merge key (<<) must name a mapping, not "
                        + Field.describe(each));
                continue;
            }
            for (Map.Entry<String, NodeTuple> e : entries(m, problems, false).entrySet()) {
                if (!into.containsKey(e.getKey())) {
                    into.put(e.getKey(), e.getValue());
                    merged.add(e.getKey());
                }
            }
        }
    }
}
