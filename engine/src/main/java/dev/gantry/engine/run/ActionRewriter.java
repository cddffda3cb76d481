package dev.gantry.engine.run;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.ActionStrings;
import dev.gantry.engine.model.Configuration;
import dev.gantry.engine.model.Container;
import dev.gantry.engine.model.Inputs;
import dev.gantry.engine.model.Step;
import dev.gantry.engine.model.Variable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Rebuilds an action with a function applied to each string that {@link ActionStrings} lists (step text, input
 * variable values, every string under {@code Configuration}); everything else is kept.
 */
final class ActionRewriter {
    private ActionRewriter() {
    }

    static Action rewrite(Action a, UnaryOperator<String> f) {
        List<Variable> vars = a.inputs().variables().stream()
                .map(v -> new Variable(v.name(), v.value() == null ? null : f.apply(v.value()))).toList();
        Inputs inputs = new Inputs(a.inputs().sources(), a.inputs().artifacts(), vars);
        Configuration c = a.configuration();
        List<Step> steps = c.steps().stream().map(s -> new Step(s.run() == null ? null : f.apply(s.run()))).toList();
        Container container = c.container() == null ? null
                : new Container(c.container().registry(),
                c.container().image() == null ? null : f.apply(c.container().image()));
        Map<String, Object> props = new LinkedHashMap<>();
        c.properties().forEach((k, v) -> props.put(k, walk(v, f)));
        return new Action(a.name(), a.group(), a.identifier(), a.dependsOn(), a.compute(), a.timeoutMinutes(),
                a.environment(), a.caches(), inputs, a.outputs(), new Configuration(steps, container, props));
    }

    private static Object walk(Object value, UnaryOperator<String> f) {
        if (value instanceof String s) {
            return f.apply(s);
        } else if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(walk(v, f)));
            return Collections.unmodifiableList(out);
        } else if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, walk(v, f)));
            return Collections.unmodifiableMap(out);
        }
        return value;
    }
}
