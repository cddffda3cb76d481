package dev.gantry.dsl.groovy;

import dev.gantry.dsl.LoadedWorkflow;
import dev.gantry.dsl.export.WorkflowYamlWriter;
import dev.gantry.dsl.yaml.YamlWorkflowLoader;
import dev.gantry.engine.diagnostic.Diagnostic;
import dev.gantry.engine.diagnostic.Diagnostics;
import dev.gantry.engine.diagnostic.SourceMap;
import dev.gantry.engine.diagnostic.SourcePosition;
import dev.gantry.engine.model.Workflow;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-field rules of the YAML loader (required keys, names and their patterns and lengths, identifiers,
 * quotas, enum values...) applied to a model the DSL built, so that a {@code .groovy} file is held to exactly the
 * same rules as a YAML file without a second copy of them: the model is exported to YAML (losslessly), the YAML
 * loader checks that text, and each finding is moved from its line in the exported text to the line of the script
 * that built the element, through the model path both share. The model returned is the YAML loader's reading of
 * that text, so a script's model is by construction exactly what its exported YAML loads as (same spellings, same
 * normalisation).
 */
final class StructureCheck {
    private final WorkflowYamlWriter writer = new WorkflowYamlWriter();
    private final YamlWorkflowLoader loader = new YamlWorkflowLoader();

    /**
     * Adds the YAML loader's findings about {@code workflow}, placed with {@code scriptMap}, and returns the model
     * the YAML loader reads from the exported text.
     */
    Workflow check(Workflow workflow, SourceMap scriptMap, Diagnostics out) {
        String yaml = writer.write(workflow);
        LoadedWorkflow checked = loader.parse(yaml, out.file());
        Workflow result = checked.workflow() == null ? workflow : checked.workflow();
        if (checked.diagnostics().isEmpty()) {
            return result;
        }
        PathIndex index = PathIndex.of(yaml);
        for (Diagnostic d : checked.diagnostics()) {
            if (d.rule().equals("file-size")) {
                // about the exported text, not the script: say so, at the line that declares the workflow
                out.add(scriptMap.keyOf("/Name"), d.severity(), d.rule(), "the YAML this script exports is "
                        + d.message().replaceFirst("^the file is ", ""));
                continue;
            }
            PathIndex.Entry at = index.at(d.position());
            SourcePosition pos = at == null ? SourcePosition.UNKNOWN
                    : at.isKey() ? scriptMap.keyOf(at.path()) : scriptMap.valueOf(at.path());
            out.add(pos, d.severity(), d.rule(), d.message());
        }
        return result;
    }

    /** For each line of a YAML text, the model paths of the keys, values and list items on it, by column. */
    static final class PathIndex {
        record Entry(int column, String path, boolean isKey) {
        }

        private final Map<Integer, List<Entry>> byLine = new HashMap<>();

        static PathIndex of(String yaml) {
            PathIndex index = new PathIndex();
            Node root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(yaml));
            if (root != null) {
                index.walk(root, "");
            }
            return index;
        }

        private void add(Node node, String path, boolean key) {
            int line = node.getStartMark().getLine() + 1;
            byLine.computeIfAbsent(line, l -> new ArrayList<>())
                    .add(new Entry(node.getStartMark().getColumn() + 1, path, key));
        }

        private void walk(Node node, String path) {
            if (node instanceof MappingNode m) {
                for (NodeTuple t : m.getValue()) {
                    String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "?";
                    String p = path + "/" + key;
                    add(t.getKeyNode(), p, true);
                    walk(t.getValueNode(), p);
                }
            } else if (node instanceof SequenceNode s) {
                List<Node> items = s.getValue();
                for (int i = 0; i < items.size(); i++) {
                    add(items.get(i), path + "/" + i, false);
                    walk(items.get(i), path + "/" + i);
                }
            } else {
                add(node, path, false);
            }
        }

        /** The entry at or just left of {@code pos} on its line; the first entry of the line before it otherwise. */
        Entry at(SourcePosition pos) {
            if (!pos.known()) {
                return new Entry(0, "", true);
            }
            for (int line = pos.line(); line > 0; line--) {
                List<Entry> entries = byLine.get(line);
                if (entries == null) {
                    continue;
                }
                Entry best = null;
                for (Entry e : entries) {
                    boolean fits = line < pos.line() || e.column() <= pos.column();
                    if (fits && (best == null || e.column() >= best.column())) {
                        best = e;
                    }
                }
                if (best != null) {
                    return best;
                }
            }
            return new Entry(0, "", true);
        }
    }
}
