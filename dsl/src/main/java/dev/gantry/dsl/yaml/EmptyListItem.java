package dev.gantry.dsl.yaml;

/**
 * The finding for an empty ({@code null}) item in a list of names or paths ({@code DependsOn: [A, null]},
 * {@code dependsOn 'A', null}): a warning, and the item is ignored. One wording for YAML files and DSL scripts.
 */
public final class EmptyListItem {
    /** The rule id. */
    public static final String RULE = "empty-item";

    private EmptyListItem() {
    }

    /** What an empty item of the list {@code key} (its YAML key, e.g. {@code DependsOn}) is told. */
    public static String message(String key) {
        return "an item of " + key + " has no value (null); it is ignored";
    }

    /** The YAML key of the list an item's model path is in: {@code /Actions/A/DependsOn/1} gives DependsOn. */
    static String listOf(String itemPath) {
        int end = itemPath.lastIndexOf('/');
        int start = end <= 0 ? -1 : itemPath.lastIndexOf('/', end - 1);
        return end <= 0 ? "the list" : itemPath.substring(start + 1, end);
    }
}
