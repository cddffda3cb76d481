package dev.gantry.cli.run;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.run.ActionWork;
import dev.gantry.engine.run.ReferenceValues;
import dev.gantry.engine.run.RunPlan;
import dev.gantry.engine.run.Runner;
import dev.gantry.engine.run.SecretMasker;
import dev.gantry.engine.run.StepEnvironment;
import dev.gantry.engine.run.Workspace;
import dev.gantry.runners.workspace.SourceRepository;
import dev.gantry.runners.workspace.SourceWorkspaces;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code --dry-run}: prints the plan, each action's resolved environment (secrets masked) and the commands each
 * step would run, and executes nothing. Output variables of upstream actions are not known yet: their references
 * are shown as written.
 */
final class DryRun {
    private DryRun() {
    }

    /**
     * @param notes lines about an action from features that act when it runs (e.g. the AWS identity it will get)
     */
    static void print(PrintWriter out, RunPlan plan, SourceRepository source, ReferenceValues references,
                      SecretMasker masker, Map<String, String> baseEnvironment, int concurrency, boolean bind,
                      Function<Action, List<String>> notes) {
        out.println("Dry run of workflow " + plan.workflow().name() + ": nothing is executed.");
        out.println("Source: " + source.root() + (source.git()
                ? " (git" + (source.state().branchName() == null ? "" : ", branch " + source.state().branchName())
                + (source.state().commitId() == null ? "" : ", commit " + source.state().commitId()) + ")"
                : " (not a git repository)") + ", " + source.files().size() + " files; "
                + (bind ? "actions run in the live folder (--bind)" : "each action gets a fresh copy"));
        out.println("Plan: " + plan.actions().size() + " action" + (plan.actions().size() == 1 ? "" : "s")
                + ", at most " + concurrency + " at once; ready actions with the longest remaining chain first.");
        int n = 0;
        for (String id : plan.actions()) {
            n++;
            Action written = plan.graph().action(id);
            List<String> warnings = new ArrayList<>();
            Action action = references.resolve(written, producer -> null, warnings::add);
            List<Runner> runners = plan.runners().get(id);
            List<String> deps = plan.upstream(id);
            out.println();
            out.println(n + ". " + id + " (" + written.identifier() + ")"
                    + (runners.isEmpty() ? "" : " on " + runners.get(0).name())
                    + (deps.isEmpty() ? ", no dependencies" : ", after " + String.join(", ", deps))
                    + ", priority " + plan.priority().get(id));
            warnings.forEach(w -> out.println("   note: " + masker.mask(w)));
            notes.apply(action).forEach(line -> out.println("   " + masker.mask(line)));
            ActionWork work = plan.work().get(id);
            if (work instanceof ActionWork.Complete c) {
                out.println("   " + c.note());
                continue;
            }
            Path ws = Path.of("<workspace>");
            Map<String, Path> inputs = new LinkedHashMap<>();
            if (SourceWorkspaces.usesSource(action)) {
                inputs.put(Workspace.WORKFLOW_SOURCE, bind ? source.root() : ws.resolve(Workspace.WORKFLOW_SOURCE));
            }
            for (String art : action.inputs().artifacts()) {
                inputs.put(art, ws.resolve("artifacts").resolve(art));
            }
            Workspace workspace = new Workspace(ws, inputs, bind);
            Path dir = workspace.defaultDirectory(action.inputs().artifacts());
            StepEnvironment.Built env = StepEnvironment.build(baseEnvironment, workspace, dir, Map.of(),
                    action.inputs().variables());
            out.println("   environment:");
            env.variables().forEach((k, v) -> out.println("     " + k + "=" + masker.mask(v)));
            if (!action.outputs().variables().isEmpty()) {
                out.println("   output variables: " + String.join(", ", action.outputs().variables()));
            }
            List<String> steps = ((ActionWork.RunSteps) work).steps();
            List<String> resolvedSteps = action.configuration().steps().stream().map(s -> s.run()).toList();
            out.println("   steps (in one bash, starting in " + dir + "):");
            for (int i = 0; i < steps.size(); i++) {
                String text = i < resolvedSteps.size() && resolvedSteps.get(i) != null ? resolvedSteps.get(i)
                        : steps.get(i);
                String[] lines = masker.mask(text).strip().split("\n", -1);
                out.println("     [" + (i + 1) + "] " + lines[0]);
                for (int k = 1; k < lines.length; k++) {
                    out.println("         " + lines[k]);
                }
            }
        }
        out.flush();
    }
}
