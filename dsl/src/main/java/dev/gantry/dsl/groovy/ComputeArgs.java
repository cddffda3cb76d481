package dev.gantry.dsl.groovy;

import dev.gantry.engine.model.Compute;
import dev.gantry.engine.model.ComputeType;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads {@code compute type: 'EC2', fleet: '...', sharedInstance: true} into a {@link Compute}. */
final class ComputeArgs {
    private ComputeArgs() {
    }

    static Compute read(DslContext ctx, Map<String, ?> args, CallSite site, String path, boolean workflowLevel) {
        List<String> allowed = workflowLevel ? List.of("type", "fleet", "sharedInstance") : List.of("type", "fleet");
        ctx.checkNamedArgs(args, allowed, "compute", site);
        ctx.mark(path, site.at("compute"));
        ComputeType type = null;
        Object t = args.get("type");
        if (t != null) {
            String s = t.toString().trim().toUpperCase(Locale.ROOT);
            if (s.equals("EC2")) {
                type = ComputeType.EC2;
            } else if (s.equals("LAMBDA")) {
                type = ComputeType.LAMBDA;
            } else {
                ctx.error(site.valueAt("type", t.toString()), "enum",
                        "compute type must be one of EC2, Lambda, not '" + t + "'");
            }
            ctx.mark(path + "/Type", site.valueAt("type", t.toString()));
        }
        String fleet = ctx.text(args.get("fleet"));
        if (fleet != null) {
            ctx.mark(path + "/Fleet", site.valueAt("fleet", fleet));
        }
        Boolean shared = null;
        if (workflowLevel && args.get("sharedInstance") != null) {
            try {
                shared = DslValues.bool(args.get("sharedInstance"));
            } catch (IllegalArgumentException e) {
                ctx.error(site.at("sharedInstance"), "type", "sharedInstance: " + e.getMessage());
            }
            ctx.mark(path + "/SharedInstance", site.at("sharedInstance"));
        }
        return new Compute(type, fleet, shared);
    }
}
