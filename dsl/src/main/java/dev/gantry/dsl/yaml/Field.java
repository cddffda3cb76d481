package dev.gantry.dsl.yaml;

import dev.gantry.engine.diagnostic.SourcePosition;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML value at its model path, with the key that named it.
 *
 * @param name  the key (or the list index as text; empty for the document root)
 * @param key   the key node, or {@code null} for list items and the root
 * @param value the value node
 * @param path  the model path, e.g. {@code /Actions/Build/DependsOn/0}
 */
record Field(String name, Node key, Node value, String path) {

    static Field root(Node value) {
        return new Field("", null, value, "");
    }

    Field child(String childName, Node childKey, Node childValue) {
        return new Field(childName, childKey, childValue, path + "/" + childName);
    }

    Field item(int index, Node itemValue) {
        return new Field(Integer.toString(index), null, itemValue, path + "/" + index);
    }

    /** Where the key is (where the value is for list items). */
    SourcePosition keyPosition() {
        return key != null ? YamlComposer.position(key.getStartMark()) : valuePosition();
    }

    SourcePosition valuePosition() {
        return YamlComposer.position(value.getStartMark());
    }

    boolean isNull() {
        return value instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    boolean isMapping() {
        return value instanceof MappingNode;
    }

    boolean isSequence() {
        return value instanceof SequenceNode;
    }

    /** How the value looks, for messages: "a list", "a mapping", "text", ... */
    String describe() {
        return describe(value);
    }

    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        Tag tag = node.getTag();
        if (Tag.NULL.equals(tag)) {
            return "no value";
        }
        if (Tag.BOOL.equals(tag)) {
            return "a boolean";
        }
        if (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
            return "a number";
        }
        return "text";
    }
}
