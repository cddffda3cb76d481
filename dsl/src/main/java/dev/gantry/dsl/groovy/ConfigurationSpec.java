package dev.gantry.dsl.groovy;

import dev.gantry.engine.model.Configuration;
import dev.gantry.engine.model.Container;
import dev.gantry.engine.model.Step;
import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.transform.NamedParam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code configuration { ... }} block: {@code Container}, {@code Steps}, and any other key. */
public final class ConfigurationSpec {
    private final DslContext ctx;
    private final String path;
    private Container container;
    private final List<Step> steps = new ArrayList<>();
    private final Map<String, Object> properties = new LinkedHashMap<>();

    ConfigurationSpec(DslContext ctx, String path) {
        this.ctx = ctx;
        this.path = path;
    }

    /** {@code Container}: {@code container registry: 'CODECATALYST', image: 'CodeCatalystLinux_x86_64:2024_03'}. */
    public void container(@NamedParam("registry")
                          @NamedParam("image") Map<String, ?> args) {
        CallSite site = ctx.site();
        ctx.checkNamedArgs(args, List.of("registry", "image"), "container", site);
        String registry = ctx.text(args.get("registry"));
        String image = ctx.text(args.get("image"));
        ctx.mark(path + "/Container", site.at("container"));
        ctx.mark(path + "/Container/Registry", site.valueAt("registry", registry));
        ctx.mark(path + "/Container/Image", site.valueAt("image", image));
        container = new Container(registry, image);
    }

    /** {@code Steps} of a build or test action: {@code steps { sh 'make' }}. */
    public void steps(@DelegatesTo(value = StepsSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        ctx.mark(path + "/Steps", ctx.site().at("steps"));
        Blocks.run(body, new StepsSpec(ctx, path + "/Steps", steps));
    }

    /**
     * Any other configuration key, written as in YAML, with a text, number, boolean, list or map value:
     * {@code property 'StackName', 'app-stack'}, {@code property 'Packages', [ExportAuthorizationToken: true]}.
     */
    public void property(CharSequence name, Object value) {
        CallSite site = ctx.site();
        String n = ctx.text(name);
        if (properties.containsKey(n)) {
            ctx.error(site.valueAt("property", n), "duplicate-key", "configuration key '" + n + "' is already set");
            return;
        }
        Object plain;
        try {
            plain = ctx.plain(value);
        } catch (IllegalArgumentException e) {
            ctx.error(site.valueAt("property", n), "type", n + ": " + e.getMessage());
            return;
        }
        ctx.markTree(path + "/" + n, plain, site.valueAt("property", n));
        properties.put(n, plain);
    }

    Configuration build() {
        return new Configuration(steps, container, properties);
    }
}
