package dev.gantry.dsl.validate;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.ActionGroup;
import dev.gantry.engine.model.FileCache;
import dev.gantry.engine.model.OutputArtifact;
import dev.gantry.engine.model.WorkflowNode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Names that must not repeat across the workflow.
 *
 * <ul>
 *   <li>{@code duplicate-name} (error): two top-level entries, or two actions of one group, with the same name;
 *       an action in a group named like a top-level action, group or gate (DependsOn and {@code ${X.Var}} would be
 *       ambiguous). Actions of <em>different</em> groups may share a name: real generated workflows do, and
 *       {@code ${Group.Action.Var}} tells them apart.</li>
 *   <li>{@code artifact-duplicate} (error): two output artifacts with the same name.</li>
 *   <li>{@code cache-duplicate} (warning): two file caches with the same name but different paths (the
 *       reference wants cache names unique; actions that share one cache of one folder on purpose are left
 *       alone).</li>
 * </ul>
 */
final class UniqueNamesRule implements Rule {
    @Override
    public void check(ValidationContext ctx) {
        Map<String, String> topLevel = new HashMap<>();
        for (WorkflowNode node : ctx.workflow().nodes()) {
            String path = ValidationContext.path(node);
            String earlier = topLevel.putIfAbsent(node.name(), path);
            if (earlier != null) {
                ctx.errorAtKey(path, "duplicate-name", "'" + node.name() + "' is defined twice (first at line "
                        + ctx.atKey(earlier).line() + "); give each action, group and gate its own name");
            }
        }
        for (WorkflowNode node : ctx.workflow().nodes()) {
            if (!(node instanceof ActionGroup group)) {
                continue;
            }
            Map<String, String> members = new HashMap<>();
            for (Action a : group.actions()) {
                String path = ValidationContext.path(a);
                String earlier = members.putIfAbsent(a.name(), path);
                if (earlier != null) {
                    ctx.errorAtKey(path, "duplicate-name", "group " + group.name() + " has two actions named '"
                            + a.name() + "'; rename one");
                } else if (topLevel.containsKey(a.name())) {
                    ctx.errorAtKey(path, "duplicate-name", "action '" + a.name() + "' in group " + group.name()
                            + " has the name of a top-level " + kind(ctx, a.name())
                            + " (line " + ctx.atKey(topLevel.get(a.name())).line() + "); names must be unique in "
                            + "the workflow: rename one");
                }
            }
        }
        artifacts(ctx);
        caches(ctx);
    }

    private static String kind(ValidationContext ctx, String name) {
        WorkflowNode n = ctx.workflow().node(name).orElseThrow();
        return n instanceof ActionGroup ? "group" : ((Action) n).isGate() ? "gate" : "action";
    }

    private static void artifacts(ValidationContext ctx) {
        Map<String, String> producers = new HashMap<>();
        for (Action a : ctx.workflow().actions()) {
            List<OutputArtifact> arts = a.outputs().artifacts();
            for (int i = 0; i < arts.size(); i++) {
                String name = arts.get(i).name();
                if (name == null) {
                    continue;
                }
                String earlier = producers.putIfAbsent(name, a.id());
                if (earlier != null) {
                    ctx.error(ValidationContext.path(a) + "/Outputs/Artifacts/" + i + "/Name", "artifact-duplicate",
                            "output artifact '" + name + "' is also produced by " + earlier
                                    + "; artifact names must be unique in the workflow: rename one");
                }
            }
        }
    }

    private static void caches(ValidationContext ctx) {
        Map<String, Action> owners = new HashMap<>();
        for (Action a : ctx.workflow().actions()) {
            for (FileCache cache : a.caches().values()) {
                Action earlier = owners.putIfAbsent(cache.name(), a);
                if (earlier == null) {
                    continue;
                }
                String earlierPath = earlier.caches().get(cache.name()).path();
                if (earlierPath != null && !earlierPath.equals(cache.path())) {
                    String path = ValidationContext.path(a) + "/Caching/FileCaching/" + cache.name();
                    ctx.warningAtKey(path, "cache-duplicate", "file cache '" + cache.name() + "' saves "
                            + cache.path() + " here but " + earlierPath + " in " + earlier.id() + "; one cache "
                            + "name holds one folder, so each action would restore the other's files: rename one");
                }
            }
        }
    }
}
