package dev.gantry.engine.model;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Visits every string of an action in which workflow references are substituted: step text, input variable
 * values, and every string scalar under {@code Configuration} (nested lists and maps too).
 */
public final class ActionStrings {
    private ActionStrings() {
    }

    /**
     * Calls {@code visitor} with (model path relative to the action, string) for each substitutable string.
     * Paths look like {@code Configuration/Steps/0/Run}, {@code Inputs/Variables/2/Value}.
     */
    public static void forEach(Action action, BiConsumer<String, String> visitor) {
        List<Variable> vars = action.inputs().variables();
        for (int i = 0; i < vars.size(); i++) {
            visitor.accept("Inputs/Variables/" + i + "/Value", vars.get(i).value());
        }
        List<Step> steps = action.configuration().steps();
        for (int i = 0; i < steps.size(); i++) {
            visitor.accept("Configuration/Steps/" + i + "/Run", steps.get(i).run());
        }
        Container c = action.configuration().container();
        if (c != null) {
            visitor.accept("Configuration/Container/Image", c.image());
        }
        for (Map.Entry<String, Object> e : action.configuration().properties().entrySet()) {
            walk("Configuration/" + e.getKey(), e.getValue(), visitor);
        }
    }

    private static void walk(String path, Object value, BiConsumer<String, String> visitor) {
        if (value instanceof String s) {
            visitor.accept(path, s);
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(path + "/" + i, list.get(i), visitor);
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                walk(path + "/" + e.getKey(), e.getValue(), visitor);
            }
        }
    }
}
