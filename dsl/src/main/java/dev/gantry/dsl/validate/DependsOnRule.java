package dev.gantry.dsl.validate;

import dev.gantry.engine.diagnostic.NameSuggestion;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.ActionGroup;
import dev.gantry.engine.model.WorkflowNode;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code DependsOn} targets and their scope (reference §1.6, §2.2): top-level actions, groups and gates depend on
 * top-level peers; an action in a group depends only on actions of its group.
 *
 * <ul>
 *   <li>{@code depends-on-unknown} (error): no such peer.</li>
 *   <li>{@code depends-on-scope}: the target exists at another level (error). A grouped action naming a
 *       top-level action, group or gate is only a warning: real files (AWS's own runner tests among them) do it,
 *       its meaning is clear, and the plan honours it.</li>
 *   <li>{@code depends-on-self} (error): a node depends on itself (or an action on its own group).</li>
 *   <li>{@code depends-on-duplicate} (warning): the same target twice.</li>
 * </ul>
 */
final class DependsOnRule implements Rule {
    @Override
    public void check(ValidationContext ctx) {
        Map<String, WorkflowNode> topLevel = new LinkedHashMap<>();
        Map<String, ActionGroup> groupOfMember = new LinkedHashMap<>();
        for (WorkflowNode node : ctx.workflow().nodes()) {
            topLevel.putIfAbsent(node.name(), node);
            if (node instanceof ActionGroup g) {
                for (Action a : g.actions()) {
                    groupOfMember.putIfAbsent(a.name(), g);
                }
            }
        }
        for (WorkflowNode node : ctx.workflow().nodes()) {
            checkTopLevel(ctx, node, topLevel, groupOfMember);
            if (node instanceof ActionGroup g) {
                for (Action member : g.actions()) {
                    checkMember(ctx, g, member, topLevel, groupOfMember);
                }
            }
        }
    }

    private static void checkTopLevel(ValidationContext ctx, WorkflowNode node, Map<String, WorkflowNode> topLevel,
                                      Map<String, ActionGroup> groupOfMember) {
        String base = ValidationContext.path(node) + "/DependsOn/";
        List<String> deps = node.dependsOn();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < deps.size(); i++) {
            String dep = deps.get(i);
            String at = base + i;
            if (dep == null || duplicate(ctx, seen, dep, at, node.name())) {
                continue;
            }
            if (dep.equals(node.name())) {
                ctx.error(at, "depends-on-self", what(node) + " " + node.name() + " depends on itself; remove '"
                        + dep + "' from its DependsOn");
            } else if (topLevel.containsKey(dep)) {
                continue;
            } else if (groupOfMember.containsKey(dep)) {
                ActionGroup g = groupOfMember.get(dep);
                ctx.error(at, "depends-on-scope", "'" + dep + "' is an action inside group " + g.name() + "; "
                        + what(node) + " " + node.name() + " is at the top level and can only depend on top-level "
                        + "actions, groups and gates: depend on the group '" + g.name() + "' instead");
            } else {
                ctx.error(at, "depends-on-unknown", what(node) + " " + node.name() + " depends on '" + dep
                        + "', which is not an action, group or gate of this workflow"
                        + NameSuggestion.didYouMean(dep, topLevel.keySet()));
            }
        }
    }

    private static void checkMember(ValidationContext ctx, ActionGroup group, Action member,
                                    Map<String, WorkflowNode> topLevel, Map<String, ActionGroup> groupOfMember) {
        String base = ValidationContext.path(member) + "/DependsOn/";
        List<String> deps = member.dependsOn();
        Set<String> siblings = new HashSet<>();
        for (Action a : group.actions()) {
            siblings.add(a.name());
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < deps.size(); i++) {
            String dep = deps.get(i);
            String at = base + i;
            if (dep == null || duplicate(ctx, seen, dep, at, member.id())) {
                continue;
            }
            if (dep.equals(member.name())) {
                ctx.error(at, "depends-on-self", "action " + member.id() + " depends on itself; remove '" + dep
                        + "' from its DependsOn");
            } else if (siblings.contains(dep)) {
                continue;
            } else if (dep.equals(group.name())) {
                ctx.error(at, "depends-on-self", "action " + member.id() + " depends on its own group "
                        + group.name() + "; remove '" + dep + "' from its DependsOn");
            } else if (topLevel.containsKey(dep)) {
                if (group.dependsOn().contains(dep)) {
                    ctx.warning(at, "depends-on-scope", "action " + member.id() + " depends on top-level '" + dep
                            + "', which group " + group.name() + " already waits for; the reference allows an "
                            + "action in a group to depend only on actions of its group: remove it here");
                } else {
                    ctx.warning(at, "depends-on-scope", "action " + member.id() + " is in group " + group.name()
                            + " but depends on top-level '" + dep + "'; Gantry (like AWS's local runner) waits for "
                            + "it, but the reference allows only dependencies within the group: add '" + dep
                            + "' to the DependsOn of group " + group.name() + " instead");
                }
            } else if (groupOfMember.containsKey(dep)) {
                ActionGroup other = groupOfMember.get(dep);
                ctx.error(at, "depends-on-scope", "'" + dep + "' is an action of group " + other.name()
                        + "; action " + member.id() + " can only depend on actions of its own group "
                        + group.name() + ": make group " + group.name() + " depend on group " + other.name()
                        + " instead");
            } else {
                ctx.error(at, "depends-on-unknown", "action " + member.id() + " depends on '" + dep
                        + "', which is not an action of group " + group.name()
                        + NameSuggestion.didYouMean(dep, siblings));
            }
        }
    }

    private static boolean duplicate(ValidationContext ctx, Set<String> seen, String dep, String at, String who) {
        if (seen.add(dep)) {
            return false;
        }
        ctx.warning(at, "depends-on-duplicate", who + " lists '" + dep + "' twice in DependsOn; remove one");
        return true;
    }

    private static String what(WorkflowNode node) {
        return node instanceof ActionGroup ? "group" : ((Action) node).isGate() ? "gate" : "action";
    }
}
