package dev.gantry.dsl.yaml;

import dev.gantry.dsl.LoadedWorkflow;
import dev.gantry.dsl.file.InputFile;
import dev.gantry.dsl.file.UnreadableFile;
import dev.gantry.engine.diagnostic.Diagnostics;
import dev.gantry.engine.diagnostic.SourceMap;
import dev.gantry.engine.diagnostic.SourcePosition;
import dev.gantry.engine.model.Workflow;
import org.yaml.snakeyaml.nodes.Node;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads a CodeCatalyst workflow YAML file into the engine model, with a {@link SourceMap} and the structural
 * diagnostics (reference §0-§2, §5): YAML syntax, duplicate keys, alias bombs, file size, unknown and missing keys,
 * types, enum values, name patterns and lengths, quotas. Never throws for a bad file.
 *
 * <p>The source map has an entry for every node of the document at its model path ({@code /Name},
 * {@code /Actions/Build/DependsOn/0}, {@code /Actions/G/Actions/Test/Configuration/Steps/1/Run},
 * {@code /Triggers/0/Type}): the key's position ({@link SourceMap#keyOf}) and the value's ({@link SourceMap#valueOf};
 * list items have only a value). Where the file allows two spellings the model has one, and the map answers for
 * the model's: {@code Inputs/Variables/i/Name|Value} for the map form {@code Variables: {NAME: value}},
 * {@code Outputs/Artifacts/i/Name|Files} for the map form of artifacts, {@code Outputs/Variables/i} for
 * {@code - Name: X}, and {@code Configuration/Packages/...} for Packages written on the action. When invalid list
 * items are dropped from the model, the indexes of the model's items point at their own entries in the file.
 *
 * <p>The model is built whenever the document is a mapping; elements that are missing or invalid are
 * {@code null} (an action without an Identifier has a null identifier) and always come with an error.
 */
public final class YamlWorkflowLoader {
    /** The service ignores workflow files over 256 KB. */
    public static final int MAX_FILE_BYTES = InputFile.WORKFLOW_MAX_BYTES;

    /** Loads {@code file}; {@code displayName} is how diagnostics name it. */
    public LoadedWorkflow load(Path file, String displayName) {
        Diagnostics out = new Diagnostics(displayName);
        String text;
        try {
            text = new InputFile(file, MAX_FILE_BYTES).utf8();
        } catch (UnreadableFile e) {
            return LoadedWorkflow.unreadable(e, displayName);
        }
        return read(text, out);
    }

    /** Loads workflow text that did not come from a file (tests, editors, stdin). */
    public LoadedWorkflow parse(String text, String displayName) {
        Diagnostics out = new Diagnostics(displayName);
        int size = text.getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_FILE_BYTES) {
            return tooLarge(size, out);
        }
        return read(text, out);
    }

    private LoadedWorkflow read(String text, Diagnostics out) {
        Node root = YamlNodes.compose(text, out);
        if (root == null) {
            if (!out.hasErrors()) {
                out.error(new SourcePosition(1, 1), "required", "the file has no workflow in it (it is empty or "
                        + "only comments); a workflow needs Name, SchemaVersion and Actions");
            }
            return failed(out);
        }
        SourceMap.Builder positions = new SourceMap.Builder();
        NodeReader reader = new NodeReader(out, positions);
        Field rootField = Field.root(root);
        Workflow workflow = new WorkflowReader(reader).read(rootField);
        reader.recordTree(rootField, "");
        return new LoadedWorkflow(out.file(), workflow, positions.build(), out.list());
    }

    private static LoadedWorkflow tooLarge(long size, Diagnostics out) {
        out.error(SourcePosition.UNKNOWN, "file-size", LoadedWorkflow.tooLargeMessage(size));
        return failed(out);
    }

    private static LoadedWorkflow failed(Diagnostics out) {
        return new LoadedWorkflow(out.file(), null, SourceMap.empty(), out.list());
    }
}
