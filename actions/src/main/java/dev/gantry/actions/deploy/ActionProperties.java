package dev.gantry.actions.deploy;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.run.ActionWork;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code Configuration} properties of a curated or custom action, read as the service reads them: scalars as
 * strings (YAML numbers and booleans included), the older {@code Configuration.Parameters:} nesting flattened into
 * the top level (some real files still use it), blank values treated as absent.
 *
 * @param values the properties, {@code Parameters} merged in
 */
public record ActionProperties(Map<String, Object> values) {
    public ActionProperties {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The properties of {@code action}. */
    public static ActionProperties of(Action action) {
        Map<String, Object> all = new LinkedHashMap<>();
        Object nested = action.configuration().properties().get("Parameters");
        if (nested instanceof Map<?, ?> map) {
            map.forEach((k, v) -> all.put(String.valueOf(k), v));
        }
        action.configuration().properties().forEach((k, v) -> {
            if (!"Parameters".equals(k) || !(v instanceof Map)) {
                all.put(k, v);
            }
        });
        return new ActionProperties(all);
    }

    /** The property as a string, or empty when absent, blank or not a scalar. */
    public Optional<String> string(String name) {
        Object v = values.get(name);
        if (v == null || v instanceof Map || v instanceof List) {
            return Optional.empty();
        }
        String s = String.valueOf(v);
        return s.isBlank() ? Optional.empty() : Optional.of(s.strip());
    }

    /** The property as a string, or {@code fallback}. */
    public String string(String name, String fallback) {
        return string(name).orElse(fallback);
    }

    /** A yes/no property: {@code 1}, {@code true}, {@code yes} (any case) are yes; absent is {@code fallback}. */
    public boolean flag(String name, boolean fallback) {
        return string(name).map(s -> s.equals("1") || s.equalsIgnoreCase("true") || s.equalsIgnoreCase("yes"))
                .orElse(fallback);
    }

    /** Whether the property is present (a non-blank scalar, a list or a map). */
    public boolean has(String name) {
        Object v = values.get(name);
        return v != null && !(v instanceof String s && s.isBlank());
    }

    /** The first of {@code required} that is absent, or empty when all are present. */
    public Optional<String> firstMissing(String... required) {
        List<String> missing = new ArrayList<>();
        for (String r : required) {
            if (!has(r)) {
                missing.add(r);
            }
        }
        return missing.stream().findFirst();
    }

    /**
     * The plan-time error for the first of {@code required} that {@code action} does not give, in the service's
     * words, or empty when it gives them all.
     */
    public Optional<ActionWork> missing(Action action, String... required) {
        return firstMissing(required).map(m -> new ActionWork.Invalid(m, requiredMessage(m, action.id())));
    }

    /** The service's words for a missing required property. */
    public static String requiredMessage(String property, String actionId) {
        return "input parameter '" + property + "' is required for action '" + actionId + "'";
    }
}
