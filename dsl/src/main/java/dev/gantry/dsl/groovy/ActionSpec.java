package dev.gantry.dsl.groovy;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Compute;
import dev.gantry.engine.model.Connection;
import dev.gantry.engine.model.Environment;
import dev.gantry.engine.model.FileCache;
import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.transform.NamedParam;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code action('Name') { ... }} block: one action, with the keys of a YAML action in lower camel case. */
public final class ActionSpec {
    private final DslContext ctx;
    private final String name;
    private final String group;
    private final String path;
    private String identifier;
    private final List<String> dependsOn = new ArrayList<>();
    private Compute compute;
    private Integer timeout;
    private Environment environment;
    private final Map<String, FileCache> caches = new LinkedHashMap<>();
    private final InputsSpec inputs;
    private final OutputsSpec outputs;
    private final ConfigurationSpec configuration;

    ActionSpec(DslContext ctx, String name, String group, String path) {
        this.ctx = ctx;
        this.name = name;
        this.group = group;
        this.path = path;
        this.inputs = new InputsSpec(ctx, path + "/Inputs");
        this.outputs = new OutputsSpec(ctx, path + "/Outputs");
        this.configuration = new ConfigurationSpec(ctx, path + "/Configuration");
    }

    /** The action's name (inside a {@code matrix} block, the generated one). */
    public String getName() {
        return name;
    }

    /** {@code Identifier}, e.g. {@code 'aws/build@v1'}. */
    public void identifier(CharSequence id) {
        CallSite site = ctx.site();
        String value = ctx.text(id);
        if (identifier != null) {
            ctx.error(site.at("identifier"), "duplicate-key", "identifier is already set to '" + identifier + "'");
            return;
        }
        identifier = value;
        ctx.mark(path + "/Identifier", site.valueAt("identifier", value));
    }

    /** {@code DependsOn}: actions, groups or gates at the same level that must succeed first. */
    public void dependsOn(CharSequence... names) {
        DependsOnList.add(ctx, dependsOn, path + "/DependsOn", ctx.texts(names, "DependsOn"), ctx.site());
    }

    /** {@code DependsOn}, from a list (e.g. the names {@code matrix} returns). */
    public void dependsOn(Collection<?> names) {
        DependsOnList.add(ctx, dependsOn, path + "/DependsOn", ctx.texts(names, "DependsOn"), ctx.site());
    }

    /** {@code Compute}: {@code compute type: 'EC2', fleet: 'Linux.Arm64.Large'} ({@code fleet: null}: the default). */
    public void compute(@NamedParam("type")
                        @NamedParam("fleet") Map<String, ?> args) {
        compute = ComputeArgs.read(ctx, args, ctx.site(), path + "/Compute", false);
    }

    /** {@code Timeout}, in minutes. */
    public void timeout(int minutes) {
        CallSite site = ctx.site();
        timeout = minutes;
        ctx.mark(path + "/Timeout", site.valueAt("timeout", Integer.toString(minutes)));
    }

    /** {@code Environment} with its default connection. */
    public void environment(CharSequence name) {
        environment(name, null);
    }

    /** {@code Environment} and its {@code Connections}: {@code environment('prod') { connection name: 'acct', role: 'Deployer' }}. */
    public void environment(CharSequence name,
                            @DelegatesTo(value = EnvironmentSpec.class, strategy = Closure.DELEGATE_FIRST)
                            Closure<?> body) {
        CallSite site = ctx.site();
        String n = ctx.text(name);
        ctx.mark(path + "/Environment", site.at("environment"));
        ctx.mark(path + "/Environment/Name", site.valueAt("environment", n));
        EnvironmentSpec spec = new EnvironmentSpec(ctx, path + "/Environment/Connections");
        Blocks.run(body, spec);
        List<Connection> connections = spec.connections();
        environment = new Environment(n, connections);
    }

    /** {@code Caching}: {@code caching { fileCache 'npm', path: 'node_modules', restoreKeys: ['npm'] }}. */
    public void caching(@DelegatesTo(value = CachingSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        CallSite site = ctx.site();
        ctx.mark(path + "/Caching", site.at("caching"));
        ctx.mark(path + "/Caching/FileCaching", site.at("caching"));
        Blocks.run(body, new CachingSpec(ctx, path + "/Caching/FileCaching", caches));
    }

    /** {@code Inputs}: {@code sources}, {@code artifacts}, {@code variable}. */
    public void inputs(@DelegatesTo(value = InputsSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        ctx.mark(path + "/Inputs", ctx.site().at("inputs"));
        Blocks.run(body, inputs);
    }

    /** {@code Outputs}: {@code artifact}, {@code variables}, {@code autoDiscoverReports}, {@code report}. */
    public void outputs(@DelegatesTo(value = OutputsSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        ctx.mark(path + "/Outputs", ctx.site().at("outputs"));
        Blocks.run(body, outputs);
    }

    /** {@code Configuration}: {@code container}, {@code steps}, and any other key with {@code property}. */
    public void configuration(@DelegatesTo(value = ConfigurationSpec.class, strategy = Closure.DELEGATE_FIRST)
                              Closure<?> body) {
        ctx.mark(path + "/Configuration", ctx.site().at("configuration"));
        Blocks.run(body, configuration);
    }

    Action build() {
        return new Action(name, group, identifier, dependsOn, compute, timeout, environment, caches, inputs.build(),
                outputs.build(), configuration.build());
    }
}
