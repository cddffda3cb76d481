package dev.gantry.dsl.validate;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Compute;
import dev.gantry.engine.plan.ActionGraph;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Gates ({@code aws/approval}, reference §2.13): never inside a group ({@code gate-in-group}, error), never with
 * compute sharing ({@code gate-shared-instance}, error), and sequenced before or after every action rather than
 * beside one ({@code gate-parallel}, warning).
 */
final class GateRule implements Rule {
    @Override
    public void check(ValidationContext ctx) {
        List<Action> gates = ctx.workflow().actions().stream().filter(Action::isGate).toList();
        if (gates.isEmpty()) {
            return;
        }
        Compute shared = ctx.workflow().compute();
        boolean sharing = shared != null && Boolean.TRUE.equals(shared.sharedInstance());
        boolean acyclic = ctx.cycles().isEmpty();
        for (Action gate : gates) {
            String path = ValidationContext.path(gate);
            if (gate.group() != null) {
                ctx.errorOnce(ctx.atKey(path), "gate-in-group", "gate " + gate.id() + " is inside group " + gate.group()
                        + "; gates cannot be placed in groups: move it to the top level");
            }
            if (sharing) {
                ctx.errorAtKey(path, "gate-shared-instance", "gate " + gate.id() + " cannot be used with compute "
                        + "sharing (SharedInstance: TRUE on the workflow's Compute): remove the gate or set "
                        + "SharedInstance to FALSE");
            }
            if (acyclic && gate.group() == null) {
                parallel(ctx, gate, path);
            }
        }
    }

    private static void parallel(ValidationContext ctx, Action gate, String path) {
        ActionGraph g = ctx.graph();
        Set<String> before = g.withUpstream(Set.of(gate.id()));
        List<String> beside = new ArrayList<>();
        for (String id : g.actions().keySet()) {
            if (id.equals(gate.id()) || before.contains(id)) {
                continue;
            }
            if (!g.withUpstream(Set.of(id)).contains(gate.id())) {
                beside.add(id);
            }
        }
        if (!beside.isEmpty()) {
            ctx.warningAtKey(path, "gate-parallel", "gate " + gate.id() + " would run at the same time as "
                    + String.join(", ", beside.subList(0, Math.min(3, beside.size())))
                    + (beside.size() > 3 ? " and " + (beside.size() - 3) + " more" : "")
                    + "; the service runs gates only before or after actions: connect them with DependsOn");
        }
    }
}
