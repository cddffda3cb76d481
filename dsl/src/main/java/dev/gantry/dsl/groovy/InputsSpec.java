package dev.gantry.dsl.groovy;

import dev.gantry.engine.model.Inputs;
import dev.gantry.engine.model.Variable;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The {@code inputs { ... }} block: {@code Sources}, {@code Artifacts} and {@code Variables}. */
public final class InputsSpec {
    private final DslContext ctx;
    private final String path;
    private final List<String> sources = new ArrayList<>();
    private final List<String> artifacts = new ArrayList<>();
    private final List<Variable> variables = new ArrayList<>();

    InputsSpec(DslContext ctx, String path) {
        this.ctx = ctx;
        this.path = path;
    }

    /** {@code Sources}: {@code sources 'WorkflowSource'}. */
    public void sources(CharSequence... labels) {
        addAll(sources, "/Sources", "sources", ctx.texts(labels, "Sources"));
    }

    /** {@code Artifacts}: names of other actions' output artifacts. */
    public void artifacts(CharSequence... names) {
        addAll(artifacts, "/Artifacts", "artifacts", ctx.texts(names, "Artifacts"));
    }

    /** {@code Artifacts}, from a list. */
    public void artifacts(Collection<?> names) {
        addAll(artifacts, "/Artifacts", "artifacts", ctx.texts(names, "Artifacts"));
    }

    /** One of {@code Variables}: {@code variable 'AWS_REGION', 'us-west-2'}. */
    public void variable(CharSequence name, Object value) {
        CallSite site = ctx.site();
        String p = path + "/Variables/" + variables.size();
        String n = ctx.text(name);
        String v = ctx.text(value);
        ctx.mark(path + "/Variables", site.at("variable"));
        ctx.mark(p, site.at("variable"));
        ctx.mark(p + "/Name", site.valueAt("variable", n));
        ctx.mark(p + "/Value", site.valueAt(n, v));
        variables.add(new Variable(n, v));
    }

    private void addAll(List<String> into, String sub, String word, List<String> values) {
        CallSite site = ctx.site();
        ctx.mark(path + sub, site.at(word));
        for (String v : values) {
            ctx.mark(path + sub + "/" + into.size(), site.valueAt(word, v));
            into.add(v);
        }
    }

    Inputs build() {
        return new Inputs(sources, artifacts, variables);
    }
}
