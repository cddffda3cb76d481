package dev.gantry.dsl.yaml;

import dev.gantry.dsl.LoadedWorkflow;
import dev.gantry.engine.diagnostic.Diagnostics;
import dev.gantry.engine.diagnostic.SourceMap;
import dev.gantry.engine.diagnostic.SourcePosition;
import dev.gantry.engine.model.Workflow;
import org.yaml.snakeyaml.nodes.Node;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
    public static final int MAX_FILE_BYTES = 256 * 1024;

    /** Loads {@code file}; {@code displayName} is how diagnostics name it. */
    public LoadedWorkflow load(Path file, String displayName) {
        Diagnostics out = new Diagnostics(displayName);
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                return tooLarge(size, out);
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            out.error(SourcePosition.UNKNOWN, "file-read", "no such file");
            return failed(out);
        } catch (AccessDeniedException e) {
            out.error(SourcePosition.UNKNOWN, "file-read", "permission denied");
            return failed(out);
        } catch (IOException e) {
            out.error(SourcePosition.UNKNOWN, "file-read", "cannot read the file: " + e.getMessage());
            return failed(out);
        }
        String text = decode(bytes, out);
        return text == null ? failed(out) : read(text, out);
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
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        Node root = YamlComposer.compose(text, out);
        if (root == null) {
            if (!out.hasErrors()) {
                out.error(new SourcePosition(1, 1), "required", "the file has no workflow in it (it is empty or "
                        + "only comments); a workflow needs Name, SchemaVersion and Actions");
            }
            return failed(out);
        }
        if (!AliasBudget.check(root, out)) {
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
        out.error(SourcePosition.UNKNOWN, "file-size", "the file is " + (size + 1023) / 1024 + " KB; CodeCatalyst "
                + "ignores workflow files over " + MAX_FILE_BYTES / 1024 + " KB");
        return failed(out);
    }

    private static LoadedWorkflow failed(Diagnostics out) {
        return new LoadedWorkflow(out.file(), null, SourceMap.empty(), out.list());
    }

    /** Strict UTF-8; a bad byte sequence is reported where it is. */
    private static String decode(byte[] bytes, Diagnostics out) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer chars = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, chars, true);
        if (result.isError()) {
            chars.flip();
            String before = chars.toString();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < before.length(); i++) {
                if (before.charAt(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            int column = before.codePointCount(lineStart, before.length()) + 1;
            out.error(new SourcePosition(line, column), "encoding", "the file is not valid UTF-8 (byte 0x"
                    + String.format("%02X", bytes[in.position()] & 0xFF) + "); save it as UTF-8");
            return null;
        }
        decoder.flush(chars);
        chars.flip();
        return chars.toString();
    }
}
