package dev.gantry.dsl.groovy;

import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.transform.stc.ClosureParams;
import groovy.transform.stc.SimpleType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the workflow block and a group block share: declaring actions, one by one or as a matrix. */
public abstract class ActionContainerSpec {
    final DslContext ctx;
    private final String actionsPath;
    private final String group;
    private final Map<String, Integer> lines = new LinkedHashMap<>();

    ActionContainerSpec(DslContext ctx, String actionsPath, String group) {
        this.ctx = ctx;
        this.actionsPath = actionsPath;
        this.group = group;
    }

    /**
     * Declares an action (YAML: an entry of {@code Actions}); the block sets its {@code identifier},
     * {@code dependsOn}, {@code compute}, {@code timeout}, {@code environment}, {@code caching}, {@code inputs},
     * {@code outputs} and {@code configuration}. Returns the action's name, for {@code dependsOn}.
     */
    public String action(CharSequence name,
                         @DelegatesTo(value = ActionSpec.class, strategy = Closure.DELEGATE_FIRST)
                         @ClosureParams(value = SimpleType.class, options = "dev.gantry.dsl.groovy.ActionSpec")
                         Closure<?> body) {
        CallSite site = ctx.site();
        String n = ctx.text(name);
        ActionSpec spec = new ActionSpec(ctx, n, group, actionsPath + "/" + n);
        if (!claim(n, site, "action")) {
            return n;
        }
        ctx.countAction(site);
        ctx.mark(actionsPath + "/" + n, site.valueAt("action", n));
        Blocks.run(body, spec);
        add(spec);
        return n;
    }

    /**
     * Declares one action per combination of the axes' values, named {@code prefix_value1_value2...} in the order
     * the axes and values are given (first axis outermost): {@code matrix('build', arch: ['amd64', 'arm64'],
     * jdk: [17, 21])} declares {@code build_amd64_17}, {@code build_amd64_21}, {@code build_arm64_17},
     * {@code build_arm64_21}. Characters other than letters, digits, '-' and '_' in a value become '_'. The block
     * configures each action like an {@code action} block and gets the combination as a map
     * ({@code axes.arch == 'arm64'}). Returns the names, for {@code dependsOn}.
     */
    public List<String> matrix(Map<String, ?> axes, CharSequence prefix,
                               @DelegatesTo(value = ActionSpec.class, strategy = Closure.DELEGATE_FIRST)
                               @ClosureParams(value = SimpleType.class,
                                       options = "java.util.Map<java.lang.String,java.lang.String>")
                               Closure<?> body) {
        CallSite site = ctx.site();
        List<Map<String, String>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (Map.Entry<String, ?> axis : axes.entrySet()) {
            List<String> values = ctx.texts(axis.getValue() instanceof Collection<?> || axis.getValue() == null
                    ? axis.getValue() : List.of(axis.getValue()), "matrix axis '" + axis.getKey() + "'");
            if (values.isEmpty()) {
                ctx.error(site.at(axis.getKey()), "groovy-dsl", "matrix axis '" + axis.getKey() + "' has no values");
            }
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> combo : combos) {
                for (String v : values) {
                    Map<String, String> c = new LinkedHashMap<>(combo);
                    c.put(axis.getKey(), v);
                    next.add(c);
                }
            }
            combos = next;
        }
        List<String> names = new ArrayList<>();
        for (Map<String, String> combo : combos) {
            StringBuilder name = new StringBuilder(ctx.text(prefix));
            for (String v : combo.values()) {
                name.append('_').append(v.replaceAll("[^A-Za-z0-9_-]", "_"));
            }
            String n = name.toString();
            if (!claim(n, site, "matrix")) {
                continue;
            }
            ctx.countAction(site);
            ActionSpec spec = new ActionSpec(ctx, n, group, actionsPath + "/" + n);
            ctx.mark(actionsPath + "/" + n, site.at("matrix"));
            Blocks.run(body, spec, Collections.unmodifiableMap(combo));
            add(spec);
            names.add(n);
        }
        return names;
    }

    /** Reserves a name in this Actions map; reports a duplicate (YAML: a duplicate key) and refuses it. */
    boolean claim(String name, CallSite site, String keyword) {
        Integer first = lines.putIfAbsent(name, site.line());
        if (first != null) {
            ctx.error(site.valueAt(keyword, name), "duplicate-key", "'" + name + "' is already declared"
                    + (first > 0 ? " at line " + first : "") + " in the same Actions map");
            return false;
        }
        return true;
    }

    abstract void add(ActionSpec action);
}
