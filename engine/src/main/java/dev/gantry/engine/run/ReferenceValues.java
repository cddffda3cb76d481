package dev.gantry.engine.run;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.ActionStrings;
import dev.gantry.engine.model.Reference;
import dev.gantry.engine.plan.ActionGraph;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The values workflow references stand for, and their substitution: {@code ${WorkflowSource.CommitId}},
 * {@code ${WorkflowSource.BranchName}}, {@code ${Secrets.NAME}}, and {@code ${Action.Var}} /
 * {@code ${Group.Action.Var}} from upstream output variables. A reference to something that does not exist is left
 * as written (the validator reports those).
 */
public final class ReferenceValues {
    private final WorkflowSource source;
    private final Map<String, String> secrets;
    private final Map<String, Action> actions;

    /**
     * @param source  the repository's git state
     * @param secrets secret values by name
     * @param actions every action of the workflow by id (to resolve {@code ${X.Var}})
     */
    public ReferenceValues(WorkflowSource source, Map<String, String> secrets, Map<String, Action> actions) {
        this.source = source;
        this.secrets = Map.copyOf(secrets);
        this.actions = Map.copyOf(actions);
    }

    /** The secret values by name (also for GitHub steps' {@code secrets.NAME}). */
    public Map<String, String> secrets() {
        return secrets;
    }

    /** These values with {@code more} secrets (found in a source asked only for the missing ones). */
    public ReferenceValues withSecrets(Map<String, String> more) {
        if (more.isEmpty()) {
            return this;
        }
        Map<String, String> all = new java.util.HashMap<>(secrets);
        all.putAll(more);
        return new ReferenceValues(source, all, actions);
    }

    /**
     * {@code action} with every reference in its substitutable strings replaced.
     *
     * @param outputsOf upstream action id to its output variables, or {@code null} when not known yet (then the
     *                  reference is kept as written, as in a dry run)
     * @param warnings  receives a message for each reference that resolves to nothing (empty value used)
     */
    public Action resolve(Action action, Function<String, Map<String, String>> outputsOf, Consumer<String> warnings) {
        return ActionRewriter.rewrite(action, text -> substitute(text, action, outputsOf, warnings));
    }

    /** {@code text} with its references replaced, as {@link #resolve} does for one string. */
    public String substitute(String text, Action consumer, Function<String, Map<String, String>> outputsOf,
                             Consumer<String> warnings) {
        List<Reference> refs = Reference.findAll(text);
        if (refs.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (Reference ref : refs) {
            out.append(text, at, ref.start());
            out.append(valueOf(ref, consumer, outputsOf, warnings).orElse(ref.text()));
            at = ref.end();
        }
        return out.append(text, at, text.length()).toString();
    }

    private Optional<String> valueOf(Reference ref, Action consumer, Function<String, Map<String, String>> outputsOf,
                                     Consumer<String> warnings) {
        if (ref.isSecret()) {
            return Optional.ofNullable(secrets.get(ref.name()));
        }
        if (ref.isWorkflowSource()) {
            String v = switch (ref.name()) {
                case "CommitId" -> source.commitId();
                case "BranchName" -> source.branchName();
                default -> null;
            };
            if (v == null && ("CommitId".equals(ref.name()) || "BranchName".equals(ref.name()))) {
                warnings.accept(ref.text() + " is empty: the WorkflowSource is not a git repository on a branch");
                return Optional.of("");
            }
            return Optional.ofNullable(v);
        }
        Optional<String> producer = ActionGraph.resolveProducer(consumer, ref, actions);
        if (producer.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> outputs = outputsOf.apply(producer.get());
        if (outputs == null) {
            return Optional.empty();
        }
        String v = outputs.get(ref.name());
        if (v == null) {
            warnings.accept(ref.text() + " is empty: action '" + producer.get() + "' did not export '"
                    + ref.name() + "'");
            return Optional.of("");
        }
        return Optional.of(v);
    }

    /**
     * The {@code ${Secrets.NAME}} references of {@code action} that have no value, with the model path (relative to
     * the action) where each is used; at most one entry per name.
     */
    public List<MissingSecret> missingSecrets(Action action) {
        List<MissingSecret> missing = new ArrayList<>();
        ActionStrings.forEach(action, (path, text) -> {
            for (Reference ref : Reference.findAll(text)) {
                if (ref.isSecret() && !secrets.containsKey(ref.name())
                        && missing.stream().noneMatch(m -> m.name().equals(ref.name()))) {
                    missing.add(new MissingSecret(ref.name(), path));
                }
            }
        });
        return missing;
    }

    /** A secret a workflow uses but the run was not given. */
    public record MissingSecret(String name, String path) {
    }
}
