package dev.gantry.dsl.validate;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.ActionGroup;
import dev.gantry.engine.model.ActionStrings;
import dev.gantry.engine.model.Reference;
import dev.gantry.engine.model.WorkflowNode;
import dev.gantry.engine.plan.ActionGraph;
import dev.gantry.engine.plan.Dependency;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code cycle} (error): actions that wait for each other, through {@code DependsOn} (groups included), variable
 * references or artifacts. The message names the whole path ({@code Alpha -> Beta -> Gamma -> Alpha}); a group
 * appears by its name when the cycle passes through it as a whole. One diagnostic per set of entangled actions,
 * placed where the first action of the path declares that it waits for the last.
 */
final class CycleRule implements Rule {
    @Override
    public void check(ValidationContext ctx) {
        for (List<String> cycle : ctx.cycles()) {
            List<Origin> origins = new ArrayList<>();
            for (int i = 0; i + 1 < cycle.size(); i++) {
                origins.add(origin(ctx, cycle.get(i), cycle.get(i + 1)));
            }
            String shown = describe(ctx, cycle, origins);
            Origin closing = origins.get(origins.size() - 1);
            List<String> notes = new ArrayList<>();
            for (int i = 0; i < origins.size(); i++) {
                Origin o = origins.get(i);
                if (o.kind == Dependency.Kind.VARIABLE) {
                    notes.add(cycle.get(i + 1) + " uses " + o.detail);
                } else if (o.kind == Dependency.Kind.ARTIFACT) {
                    notes.add(cycle.get(i + 1) + " consumes artifact " + o.detail + " of " + cycle.get(i));
                }
            }
            ctx.error(closing.path, "cycle", "dependency cycle: " + shown
                    + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")")
                    + "; these actions wait for each other, so none can start: remove one of the dependencies");
        }
    }

    /** The path as people read it: a grouped action entered and left through its group shows as the group. */
    private static String describe(ValidationContext ctx, List<String> cycle, List<Origin> origins) {
        List<String> names = new ArrayList<>();
        int n = origins.size();
        for (int i = 0; i < cycle.size(); i++) {
            String id = cycle.get(i);
            Action a = ctx.actionsById().get(id);
            Origin in = origins.get((i - 1 + n) % n);
            Origin out = origins.get(i % n);
            String name = a.group() != null && in.intoGroup && out.fromGroup ? a.group() : id;
            if (names.isEmpty() || !names.get(names.size() - 1).equals(name)) {
                names.add(name);
            }
        }
        return String.join(" -> ", names);
    }

    /**
     * Why {@code toId} waits for {@code fromId}, and where that is written.
     *
     * @param path      model path of the declaration
     * @param kind      which kind of edge
     * @param intoGroup the edge reaches {@code to} through its group's DependsOn
     * @param fromGroup the declaration names {@code from}'s group rather than {@code from}
     * @param detail    the reference or artifact name, for messages
     */
    private record Origin(String path, Dependency.Kind kind, boolean intoGroup, boolean fromGroup, String detail) {
    }

    private static Origin origin(ValidationContext ctx, String fromId, String toId) {
        Map<String, Action> actions = ctx.actionsById();
        Action from = actions.get(fromId);
        Action to = actions.get(toId);
        String toPath = ValidationContext.path(to);
        List<String> deps = to.dependsOn();
        for (int i = 0; i < deps.size(); i++) {
            String d = deps.get(i);
            boolean sameScope = to.group() == null ? from.group() == null : to.group().equals(from.group());
            if (sameScope && d.equals(from.name())) {
                return new Origin(toPath + "/DependsOn/" + i, Dependency.Kind.DEPENDS_ON, false, false, d);
            }
            if (to.group() != null && from.group() == null && d.equals(from.name())) {
                return new Origin(toPath + "/DependsOn/" + i, Dependency.Kind.DEPENDS_ON, false, false, d);
            }
            if (!sameScope && from.group() != null && d.equals(from.group())) {
                return new Origin(toPath + "/DependsOn/" + i, Dependency.Kind.DEPENDS_ON, false, true, d);
            }
        }
        if (to.group() != null) {
            WorkflowNode group = ctx.workflow().node(to.group()).orElse(null);
            if (group instanceof ActionGroup g) {
                List<String> gd = g.dependsOn();
                for (int i = 0; i < gd.size(); i++) {
                    String d = gd.get(i);
                    if ((from.group() == null && d.equals(from.name()))
                            || (from.group() != null && d.equals(from.group()))) {
                        return new Origin(ValidationContext.path(g) + "/DependsOn/" + i, Dependency.Kind.DEPENDS_ON,
                                true, from.group() != null, d);
                    }
                }
            }
        }
        List<String> inputs = to.inputs().artifacts();
        for (int i = 0; i < inputs.size(); i++) {
            String art = inputs.get(i);
            if (from.outputs().artifacts().stream().anyMatch(o -> art.equals(o.name()))) {
                return new Origin(toPath + "/Inputs/Artifacts/" + i, Dependency.Kind.ARTIFACT, false, false, art);
            }
        }
        Origin[] found = new Origin[1];
        ActionStrings.forEach(to, (rel, text) -> {
            if (found[0] != null) {
                return;
            }
            for (Reference ref : Reference.findAll(text)) {
                if (ActionGraph.resolveProducer(to, ref, actions).filter(fromId::equals).isPresent()) {
                    found[0] = new Origin(toPath + "/" + rel, Dependency.Kind.VARIABLE, false, false, ref.text());
                    return;
                }
            }
        });
        return found[0] != null ? found[0]
                : new Origin(toPath, Dependency.Kind.DEPENDS_ON, false, false, fromId);
    }
}
