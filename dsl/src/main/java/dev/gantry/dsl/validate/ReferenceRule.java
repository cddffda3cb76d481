package dev.gantry.dsl.validate;

import dev.gantry.engine.diagnostic.NameSuggestion;
import dev.gantry.engine.diagnostic.Severity;
import dev.gantry.engine.diagnostic.SourcePosition;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.ActionGroup;
import dev.gantry.engine.model.ActionStrings;
import dev.gantry.engine.model.Reference;
import dev.gantry.engine.model.WorkflowNode;
import dev.gantry.engine.plan.ActionGraph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${...}} references in step text, input variable values and configuration strings (reference §3.2).
 *
 * <ul>
 *   <li>{@code variable-reference}: {@code ${Action.Var}} / {@code ${Group.Action.Var}} to an action that does
 *       not exist (error), that does not export the variable (error for build, test and GitHub actions and gates,
 *       whose exports are all in {@code Outputs.Variables}; warning for deploy actions, whose predefined variables
 *       (§3.4) are known only from the docs; nothing for custom actions), or to the action itself (warning);
 *       {@code ${WorkflowSource.X}} other than CommitId and BranchName (error). A reference to an action that is
 *       not a dependency is fine: it makes the consumer wait for the producer.</li>
 *   <li>{@code secret-reference} (error): a secret reference that is not {@code ${Secrets.NAME}}.</li>
 *   <li>{@code secret-limit} (error): more than 5 different secrets in one action.</li>
 *   <li>{@code reference-syntax} (warning): something that looks meant as a reference but is not one:
 *       {@code ${{ Secrets.X }}}, {@code ${ Build.VAR }}, {@code $Build.VAR}.</li>
 * </ul>
 */
final class ReferenceRule implements Rule {
    static final int MAX_SECRETS = 5;
    static final Set<String> WORKFLOW_SOURCE_VARIABLES = new LinkedHashSet<>(List.of("CommitId", "BranchName"));

    private static final Pattern BRACED = Pattern.compile("\\$\\{(\\{)?([^{}]*)}(})?");
    /** Longer {@code ${...}} contents are not references (matching them could overflow the stack). */
    private static final int MAX_REFERENCE_CHARS = 1000;
    private static final Pattern DOTTED = Pattern.compile("[A-Za-z][A-Za-z0-9@_-]*(\\s*\\.\\s*[A-Za-z0-9@_-]+)+");
    private static final Pattern UNBRACED =
            Pattern.compile("(?<![\\\\$\\w])\\$([A-Za-z_][A-Za-z0-9_-]*)\\.([A-Za-z0-9@_-]+)");

    @Override
    public void check(ValidationContext ctx) {
        Names names = Names.of(ctx);
        for (Action a : ctx.workflow().actions()) {
            String base = ValidationContext.path(a) + "/";
            Set<String> secrets = new LinkedHashSet<>();
            ActionStrings.forEach(a, (rel, text) -> {
                if (text == null || text.indexOf('$') < 0) {
                    return;
                }
                String path = base + rel;
                for (Reference r : Reference.findAll(text)) {
                    SourcePosition at = ctx.sourceMap().positionInText(path, r.start());
                    reference(ctx, names, a, r, at, secrets);
                }
                malformed(ctx, names, a, text, path);
            });
        }
    }

    private static void reference(ValidationContext ctx, Names names, Action a, Reference r, SourcePosition at,
                                  Set<String> secrets) {
        String producer = r.producer();
        if (r.isSecret()) {
            if (secrets.add(r.name()) && secrets.size() == MAX_SECRETS + 1) {
                ctx.report(at, Severity.ERROR, "secret-limit", "action " + a.id() + " uses more than "
                        + MAX_SECRETS + " secrets (" + String.join(", ", secrets) + "); the service allows "
                        + MAX_SECRETS + " per action: split the action or combine secrets");
            }
            return;
        }
        if (producer.equalsIgnoreCase(Reference.SECRETS) || startsWithIgnoreCase(producer, "Secrets.")) {
            String name = producer.contains(".") ? producer.substring(producer.indexOf('.') + 1) + "." + r.name()
                    : r.name();
            ctx.report(at, Severity.ERROR, "secret-reference", r.text() + " is not a secret reference: write "
                    + "${Secrets.NAME}, with a capital S and one name" + (name.contains(".") ? "" : ", e.g. ${Secrets."
                    + name + "}"));
            return;
        }
        if (r.isWorkflowSource()) {
            if (!WORKFLOW_SOURCE_VARIABLES.contains(r.name())) {
                ctx.report(at, Severity.ERROR, "variable-reference", "WorkflowSource has no variable '" + r.name()
                        + "'" + NameSuggestion.didYouMean(r.name(), WORKFLOW_SOURCE_VARIABLES)
                        + "; it provides ${WorkflowSource.CommitId} and ${WorkflowSource.BranchName}");
            }
            return;
        }
        if (producer.equalsIgnoreCase(Reference.WORKFLOW_SOURCE)
                || startsWithIgnoreCase(producer, Reference.WORKFLOW_SOURCE + ".")) {
            ctx.report(at, Severity.ERROR, "variable-reference", r.text() + " is not a workflow source reference: "
                    + "write ${WorkflowSource.CommitId} or ${WorkflowSource.BranchName}");
            return;
        }
        Optional<String> resolved = ActionGraph.resolveProducer(a, r, ctx.actionsById());
        if ((resolved.isPresent() && resolved.get().equals(a.id())) || producer.equals(a.id())) {
            ctx.report(at, Severity.WARNING, "variable-reference", r.text() + " refers to action " + a.id()
                    + " itself, whose outputs exist only after it ends: within the action use $" + r.name());
            return;
        }
        if (resolved.isEmpty()) {
            ctx.report(at, Severity.ERROR, "variable-reference", unknownProducer(names, a, r));
            return;
        }
        Action p = ctx.actionsById().get(resolved.get());
        KnownActions.Exports exports = KnownActions.exports(p);
        if (exports.names().contains(r.name()) || exports.certainty() == dev.gantry.engine.action.ActionIdentifier.Certainty.UNKNOWN) {
            return;
        }
        String hint = NameSuggestion.didYouMean(r.name(), exports.names());
        if (exports.certainty() == dev.gantry.engine.action.ActionIdentifier.Certainty.EXACT) {
            String what = p.isGate() ? "gate " + p.id() + " exports no variables"
                    : "action " + p.id() + " does not export '" + r.name() + "'" + hint + "; add " + r.name()
                    + " to its Outputs.Variables";
            ctx.report(at, Severity.ERROR, "variable-reference", r.text() + ": " + what);
        } else {
            ctx.report(at, Severity.WARNING, "variable-reference", r.text() + ": action " + p.id() + " ("
                    + p.identifier() + ") is not known to export '" + r.name() + "'" + hint + "; its variables are "
                    + String.join(", ", exports.names()));
        }
    }

    private static String unknownProducer(Names names, Action a, Reference r) {
        String producer = r.producer();
        String head = r.text() + ": ";
        if (!producer.contains(".")) {
            if (names.groups.containsKey(producer)) {
                ActionGroup g = names.groups.get(producer);
                String example = g.actions().isEmpty() ? "<action>" : g.actions().get(0).name();
                return head + "'" + producer + "' is a group; name one of its actions: ${" + producer + "."
                        + example + "." + r.name() + "}";
            }
            List<String> owners = names.groupsOfMember.getOrDefault(producer, List.of());
            if (!owners.isEmpty()) {
                return head + "action '" + producer + "' is in group " + owners.get(0) + "; from "
                        + (a.group() == null ? "the top level" : "group " + a.group()) + " write ${" + owners.get(0)
                        + "." + producer + "." + r.name() + "}";
            }
            return head + "no action '" + producer + "' in this workflow"
                    + NameSuggestion.didYouMean(producer, names.visibleFrom(a)) + "; a reference is "
                    + "${Action.Variable}, ${Group.Action.Variable}, ${WorkflowSource.CommitId} or ${Secrets.NAME}";
        }
        String group = producer.substring(0, producer.indexOf('.'));
        String action = producer.substring(producer.indexOf('.') + 1);
        ActionGroup g = names.groups.get(group);
        if (g == null) {
            return head + "no group '" + group + "' in this workflow"
                    + NameSuggestion.didYouMean(group, names.groups.keySet());
        }
        List<String> members = g.actions().stream().map(Action::name).toList();
        return head + "group " + group + " has no action '" + action + "'"
                + NameSuggestion.didYouMean(action, members);
    }

    private static void malformed(ValidationContext ctx, Names names, Action a, String text, String path) {
        boolean githubAction = a.kind().configuration()
                == dev.gantry.engine.action.ActionIdentifier.ConfigurationShape.GITHUB_STEPS;
        Matcher m = BRACED.matcher(text);
        while (m.find()) {
            boolean doubleBrace = m.group(1) != null;
            String content = m.group(2).strip();
            if (content.length() > MAX_REFERENCE_CHARS) {
                continue; // no reference is this long; and a regular expression over it would recurse too deeply
            }
            if (Reference.PATTERN.matcher(m.group()).matches() || !DOTTED.matcher(content).matches()
                    || (doubleBrace && githubAction)) {
                continue;
            }
            String fixed = content.replaceAll("\\s", "");
            String head = fixed.substring(0, fixed.indexOf('.'));
            boolean ours = head.equals(Reference.SECRETS) || head.equals(Reference.WORKFLOW_SOURCE)
                    || names.visibleFrom(a).contains(head) || names.groups.containsKey(head);
            String msg = ours ? "'" + m.group() + "' is not a workflow reference" + (doubleBrace ? " (double "
                    + "braces are GitHub Actions syntax)" : "") + " and the shell cannot expand it: write ${" + fixed
                    + "}"
                    : "'" + m.group() + "' looks like a GitHub Actions expression, which CodeCatalyst does not "
                    + "evaluate; the shell will fail on it ('bad substitution'): use a workflow reference such as "
                    + "${WorkflowSource.BranchName} or an input variable";
            ctx.report(ctx.sourceMap().positionInText(path, m.start()), Severity.WARNING, "reference-syntax", msg);
        }
        Matcher u = UNBRACED.matcher(text);
        while (u.find()) {
            String producer = u.group(1);
            if (producer.equals(Reference.SECRETS) || producer.equals(Reference.WORKFLOW_SOURCE)
                    || names.visibleFrom(a).contains(producer)) {
                ctx.report(ctx.sourceMap().positionInText(path, u.start()), Severity.WARNING, "reference-syntax",
                        "'" + u.group() + "' is the shell variable $" + producer + " followed by '." + u.group(2)
                        + "', not a workflow reference: write ${" + producer + "." + u.group(2) + "}");
            }
        }
    }

    private static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    /** The names a reference can use. */
    private record Names(Map<String, ActionGroup> groups, Map<String, List<String>> groupsOfMember,
                         List<String> topLevelActions) {
        static Names of(ValidationContext ctx) {
            Map<String, ActionGroup> groups = new LinkedHashMap<>();
            Map<String, List<String>> groupsOfMember = new LinkedHashMap<>();
            List<String> top = new ArrayList<>();
            for (WorkflowNode n : ctx.workflow().nodes()) {
                if (n instanceof ActionGroup g) {
                    groups.put(g.name(), g);
                    for (Action a : g.actions()) {
                        groupsOfMember.computeIfAbsent(a.name(), k -> new ArrayList<>()).add(g.name());
                    }
                } else {
                    top.add(n.name());
                }
            }
            return new Names(groups, groupsOfMember, top);
        }

        /** Producers {@code a} can name without a group: its group's actions and the top-level actions. */
        Set<String> visibleFrom(Action a) {
            Set<String> visible = new LinkedHashSet<>();
            if (a.group() != null && groups.containsKey(a.group())) {
                groups.get(a.group()).actions().forEach(m -> visible.add(m.name()));
            }
            visible.addAll(topLevelActions);
            visible.add(Reference.WORKFLOW_SOURCE);
            visible.add(Reference.SECRETS);
            return visible;
        }
    }
}
