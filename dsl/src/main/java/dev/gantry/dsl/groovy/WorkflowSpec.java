package dev.gantry.dsl.groovy;

import dev.gantry.engine.model.Compute;
import dev.gantry.engine.model.RunMode;
import dev.gantry.engine.model.Trigger;
import dev.gantry.engine.model.TriggerType;
import dev.gantry.engine.model.Workflow;
import dev.gantry.engine.model.WorkflowNode;
import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.transform.NamedParam;
import groovy.transform.stc.ClosureParams;
import groovy.transform.stc.SimpleType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code workflow('Name') { ... }} block: the top level of a workflow file. {@code schemaVersion} defaults to
 * {@code '1.0'}.
 */
public final class WorkflowSpec extends ActionContainerSpec {
    private final String name;
    private String schemaVersion = "1.0";
    private RunMode runMode;
    private Compute compute;
    private final List<Trigger> triggers = new ArrayList<>();
    private final List<Object> nodes = new ArrayList<>();

    WorkflowSpec(DslContext ctx, String name, CallSite site) {
        super(ctx, "/Actions", null);
        this.name = name;
        ctx.mark("", site.at("workflow"));
        ctx.mark("/Name", site.valueAt("workflow", name));
        ctx.mark("/SchemaVersion", site.at("workflow"));
        ctx.mark("/Actions", site.at("workflow"));
    }

    /** The workflow's {@code Name}. */
    public String getName() {
        return name;
    }

    /** {@code SchemaVersion}; only {@code '1.0'} exists, and it is the default. */
    public void schemaVersion(Object version) {
        CallSite site = ctx.site();
        schemaVersion = ctx.text(version);
        ctx.sourceMap().key("/SchemaVersion", site.at("schemaVersion"));
    }

    /** {@code RunMode}: {@code 'QUEUED'}, {@code 'SUPERSEDED'} or {@code 'PARALLEL'}. */
    public void runMode(CharSequence mode) {
        CallSite site = ctx.site();
        String m = ctx.text(mode);
        ctx.mark("/RunMode", site.valueAt("runMode", m));
        try {
            runMode = RunMode.valueOf(m.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            ctx.error(site.valueAt("runMode", m), "enum", "runMode must be one of QUEUED, SUPERSEDED, PARALLEL, not '"
                    + m + "'");
        }
    }

    /** Workflow-level {@code Compute}: {@code compute type: 'EC2', fleet: 'Linux.x86-64.Large', sharedInstance: true}. */
    public void compute(@NamedParam("type")
                        @NamedParam("fleet")
                        @NamedParam("sharedInstance") Map<String, ?> args) {
        compute = ComputeArgs.read(ctx, args, ctx.site(), "/Compute", true);
    }

    /** Adds a trigger: {@code trigger push(branches: ['main'])}. */
    public void trigger(TriggerSpec spec) {
        int i = triggers.size();
        String path = "/Triggers/" + i;
        CallSite site = spec.site();
        ctx.mark("/Triggers", site.at("trigger"));
        ctx.mark(path, site.at("trigger"));
        Trigger t = spec.trigger();
        ctx.mark(path + "/Type", site.at(spec.keyword()));
        markAll(path + "/Branches", t.branches(), site, "branches");
        markAll(path + "/FilesChanged", t.filesChanged(), site, "filesChanged");
        markAll(path + "/Events", t.events(), site, "events");
        if (t.expression() != null) {
            ctx.mark(path + "/Expression", site.valueAt("expression", t.expression()));
        }
        triggers.add(t);
    }

    private void markAll(String path, List<String> values, CallSite site, String word) {
        if (values.isEmpty()) {
            return;
        }
        ctx.mark(path, site.at(word));
        for (int i = 0; i < values.size(); i++) {
            ctx.mark(path + "/" + i, site.valueAt(word, values.get(i)));
        }
    }

    /** A {@code PUSH} trigger, for {@link #trigger}: {@code push(branches: ['main'], filesChanged: ['src/.*'])}. */
    public TriggerSpec push(@NamedParam("branches") @NamedParam("filesChanged") @NamedParam("events")
                            @NamedParam("expression") Map<String, ?> args) {
        return triggerOf(TriggerType.PUSH, "push", args);
    }

    /** A {@code PUSH} trigger on every branch. */
    public TriggerSpec push() {
        return push(Map.of());
    }

    /** A {@code PULLREQUEST} trigger: {@code pullRequest(events: ['OPEN', 'REVISION'], branches: ['main'])}. */
    public TriggerSpec pullRequest(@NamedParam("events") @NamedParam("branches") @NamedParam("filesChanged")
                                   @NamedParam("expression") Map<String, ?> args) {
        return triggerOf(TriggerType.PULLREQUEST, "pullRequest", args);
    }

    /** A {@code SCHEDULE} trigger: {@code schedule(expression: '0 2 * * ? *', branches: ['main'])}. */
    public TriggerSpec schedule(@NamedParam("expression") @NamedParam("branches") @NamedParam("filesChanged")
                                @NamedParam("events") Map<String, ?> args) {
        return triggerOf(TriggerType.SCHEDULE, "schedule", args);
    }

    /** A {@code MANUAL} trigger (as real files write it; the service also runs any workflow by hand). */
    public TriggerSpec manual() {
        return manual(Map.of());
    }

    /** A {@code MANUAL} trigger with the keys a file gives it. */
    public TriggerSpec manual(@NamedParam("branches") @NamedParam("filesChanged") @NamedParam("events")
                              @NamedParam("expression") Map<String, ?> args) {
        return triggerOf(TriggerType.MANUAL, "manual", args);
    }

    private TriggerSpec triggerOf(TriggerType type, String keyword, Map<String, ?> args) {
        CallSite site = ctx.site();
        ctx.checkNamedArgs(args, List.of("branches", "filesChanged", "events", "expression"), keyword, site);
        List<String> events = new ArrayList<>();
        for (String e : ctx.texts(args.get("events"), "Events")) {
            events.add(e == null ? null : e.toUpperCase(Locale.ROOT));
        }
        Trigger t = new Trigger(type, ctx.texts(args.get("branches"), "Branches"), ctx.texts(args.get("filesChanged"), "FilesChanged"),
                events, ctx.text(args.get("expression")));
        return new TriggerSpec(t, site, keyword);
    }

    /**
     * Declares an action group (YAML: an entry of {@code Actions} with its own {@code Actions}); the block sets
     * {@code dependsOn} and declares the member actions. Groups do not nest. Returns the group's name.
     */
    public String group(CharSequence name,
                        @DelegatesTo(value = GroupSpec.class, strategy = Closure.DELEGATE_FIRST)
                        @ClosureParams(value = SimpleType.class, options = "dev.gantry.dsl.groovy.GroupSpec")
                        Closure<?> body) {
        CallSite site = ctx.site();
        String n = ctx.text(name);
        if (!claim(n, site, "group")) {
            return n;
        }
        ctx.mark("/Actions/" + n, site.valueAt("group", n));
        ctx.mark("/Actions/" + n + "/Actions", site.at("group"));
        GroupSpec spec = new GroupSpec(ctx, n);
        Blocks.run(body, spec);
        nodes.add(spec);
        return n;
    }

    @Override
    void add(ActionSpec action) {
        nodes.add(action);
    }

    Workflow build() {
        List<WorkflowNode> built = new ArrayList<>();
        for (Object node : nodes) {
            built.add(node instanceof GroupSpec g ? g.build() : ((ActionSpec) node).build());
        }
        return new Workflow(name, schemaVersion, runMode, compute, triggers, built);
    }
}
