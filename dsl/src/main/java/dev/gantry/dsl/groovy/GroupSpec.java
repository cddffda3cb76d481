package dev.gantry.dsl.groovy;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.ActionGroup;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The {@code group('Name') { ... }} block: {@code dependsOn} and the member actions. */
public final class GroupSpec extends ActionContainerSpec {
    private final String name;
    private final List<String> dependsOn = new ArrayList<>();
    private final List<ActionSpec> actions = new ArrayList<>();

    GroupSpec(DslContext ctx, String name) {
        super(ctx, "/Actions/" + name + "/Actions", name);
        this.name = name;
    }

    /** The group's name. */
    public String getName() {
        return name;
    }

    /** {@code DependsOn}: top-level actions or groups the whole group waits for. */
    public void dependsOn(CharSequence... names) {
        DependsOnList.add(ctx, dependsOn, "/Actions/" + name + "/DependsOn", ctx.texts(names, "DependsOn"), ctx.site());
    }

    /** {@code DependsOn}, from a list (e.g. the names {@code matrix} returns). */
    public void dependsOn(Collection<?> names) {
        DependsOnList.add(ctx, dependsOn, "/Actions/" + name + "/DependsOn", ctx.texts(names, "DependsOn"), ctx.site());
    }

    @Override
    void add(ActionSpec action) {
        actions.add(action);
    }

    ActionGroup build() {
        List<Action> built = new ArrayList<>();
        for (ActionSpec a : actions) {
            built.add(a.build());
        }
        return new ActionGroup(name, dependsOn, built);
    }
}
