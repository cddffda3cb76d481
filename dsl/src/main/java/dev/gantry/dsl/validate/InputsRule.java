package dev.gantry.dsl.validate;

import dev.gantry.engine.diagnostic.NameSuggestion;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Inputs;
import dev.gantry.engine.model.OutputArtifact;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code Inputs} against the rest of the workflow (reference §2.8).
 *
 * <ul>
 *   <li>{@code input-artifact-unknown} (error): no action produces the artifact.</li>
 *   <li>{@code input-artifact-self} (error): an action consumes its own output artifact.</li>
 *   <li>{@code input-source-unknown} (error): a source other than {@code WorkflowSource}.</li>
 *   <li>{@code inputs-missing} (warning): a build or test action with neither Sources nor Artifacts (the
 *       reference asks for one; the service's behaviour without is undocumented).</li>
 *   <li>{@code inputs-limit} (warning): an action that takes one input (CDK deploy), or a source or an artifact
 *       but not both (ECS deploy and render, EKS deploy, Lambda invoke), given more.</li>
 * </ul>
 */
final class InputsRule implements Rule {
    static final String WORKFLOW_SOURCE = "WorkflowSource";

    /** With compute sharing, actions share one instance's files and need no inputs. */
    private static boolean sharing(ValidationContext ctx) {
        return ctx.workflow().compute() != null && Boolean.TRUE.equals(ctx.workflow().compute().sharedInstance());
    }

    @Override
    public void check(ValidationContext ctx) {
        Map<String, Action> producers = new LinkedHashMap<>();
        for (Action a : ctx.workflow().actions()) {
            for (OutputArtifact art : a.outputs().artifacts()) {
                if (art.name() != null) {
                    producers.putIfAbsent(art.name(), a);
                }
            }
        }
        for (Action a : ctx.workflow().actions()) {
            String path = ValidationContext.path(a) + "/Inputs";
            Inputs in = a.inputs();
            for (int i = 0; i < in.sources().size(); i++) {
                String s = in.sources().get(i);
                if (!WORKFLOW_SOURCE.equals(s)) {
                    ctx.errorOnce(ctx.at(path + "/Sources/" + i), "input-source-unknown", "source '" + s + "' does not exist; "
                            + "the only source is WorkflowSource (the repository of this workflow)");
                }
            }
            for (int i = 0; i < in.artifacts().size(); i++) {
                String art = in.artifacts().get(i);
                Action producer = producers.get(art);
                if (producer == null) {
                    ctx.error(path + "/Artifacts/" + i, "input-artifact-unknown", "no action produces artifact '"
                            + art + "'" + NameSuggestion.didYouMean(art, producers.keySet())
                            + "; add it to an action's Outputs.Artifacts, or remove it here");
                } else if (producer == a) {
                    ctx.error(path + "/Artifacts/" + i, "input-artifact-self", "action " + a.id()
                            + " consumes its own output artifact '" + art + "'; an action can only consume "
                            + "artifacts of actions that ran before it");
                }
            }
            if (a.runsSteps() && in.sources().isEmpty() && in.artifacts().isEmpty() && !sharing(ctx)) {
                ctx.warningAtKey(ctx.sourceMap().has(path) ? path : ValidationContext.path(a), "inputs-missing",
                        "action " + a.id() + " has no input source or artifact; add Sources: [WorkflowSource]");
            }
            int total = in.sources().size() + in.artifacts().size();
            String id = a.identifierName();
            if ("aws/cdk-deploy".equals(id) && total > 1) {
                ctx.warningAtKey(path, "inputs-limit", a.identifier() + " takes one input, a source or an "
                        + "artifact; action " + a.id() + " has " + total + ": keep one");
            } else if (a.kind().oneKindOfInput() && !in.sources().isEmpty()
                    && !in.artifacts().isEmpty()) {
                ctx.warningAtKey(path, "inputs-limit", a.identifier() + " takes a source or artifacts, not both: "
                        + "remove one from action " + a.id());
            }
        }
    }
}
