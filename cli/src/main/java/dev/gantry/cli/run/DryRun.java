package dev.gantry.cli.run;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.run.ActionWork;
import dev.gantry.engine.run.ReferenceValues;
import dev.gantry.engine.run.RunPlan;
import dev.gantry.engine.run.Runner;
import dev.gantry.engine.run.SecretMasker;
import dev.gantry.engine.run.StepEnvironment;
import dev.gantry.engine.run.Workspace;
import dev.gantry.runners.image.ImageRunner;
import dev.gantry.runners.workspace.SourceRepository;
import dev.gantry.service.PlannedRun;
import dev.gantry.service.records.Json;
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
     * @param planned what the service planned (the AWS notes: lines about an action from features that act when it
     *                runs, e.g. the AWS identity it will get)
     * @param json    print the plan as one JSON document instead of text
     */
    static void print(PrintWriter out, PlannedRun planned, boolean json) {
        SourceRepository source = planned.source();
        boolean bind = planned.bind();
        Map<String, Object> doc = describe(planned.plan(), source, planned.references(), planned.masker(),
                planned.baseEnvironment(), planned.concurrency(), bind, planned.awsNotes());
        if (json) {
            out.println(Json.pretty(doc));
        } else {
            printText(out, doc, source, bind);
        }
        out.flush();
    }

    /** The dry run as plain values (maps and lists, secrets already masked): what both outputs show. */
    private static Map<String, Object> describe(RunPlan plan, SourceRepository source, ReferenceValues references,
                                                SecretMasker masker, Map<String, String> baseEnvironment,
                                                Integer concurrency, boolean bind,
                                                Function<Action, List<String>> notes) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("workflow", plan.workflow().name());
        Map<String, Object> src = new LinkedHashMap<>();
        src.put("root", source.root().toString());
        src.put("git", source.git());
        src.put("branchName", source.state().branchName());
        src.put("commitId", source.state().commitId());
        src.put("files", source.files().size());
        doc.put("source", src);
        doc.put("bind", bind);
        doc.put("concurrency", concurrency);
        List<Object> actions = new ArrayList<>();
        for (String id : plan.actions()) {
            Action written = plan.graph().action(id);
            List<String> warnings = new ArrayList<>();
            Action action = references.resolve(written, producer -> null, warnings::add);
            List<Runner> runners = plan.runners().get(id);
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("id", id);
            a.put("identifier", written.identifier());
            a.put("runner", runners.isEmpty() ? null : runners.get(0).name());
            a.put("dependsOn", plan.upstream(id));
            a.put("priority", plan.priority().get(id));
            List<String> noteLines = new ArrayList<>();
            warnings.forEach(w -> noteLines.add("note: " + masker.mask(w)));
            notes.apply(action).forEach(line -> noteLines.add(masker.mask(line)));
            ActionWork work = plan.work().get(id);
            if (work instanceof ActionWork.Complete c) {
                noteLines.add(c.note());
            } else if (work instanceof ActionWork.RunTask t) {
                noteLines.add("runs here (Gantry's " + written.identifierName() + "): "
                        + masker.mask(t.task().describe()));
            } else if (work instanceof ActionWork.Skip skip) {
                noteLines.add(skip.reason());
            } else if (work instanceof ActionWork.InProcess) {
                noteLines.add("done inside Gantry (no runner)" + (written.isGate() ? ": the approver decides" : ""));
            }
            a.put("notes", noteLines);
            actions.add(a);
            if (!(work instanceof ActionWork.RunSteps runSteps)) {
                continue;
            }
            if (!runners.isEmpty()) {
                a.put("where", runners.get(0) instanceof ImageRunner ir ? ir.placement(action).describe()
                        : runners.get(0).kind() + " runner (" + runners.get(0).labels().architecture() + ")");
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
            Map<String, String> environment = new LinkedHashMap<>();
            env.variables().forEach((k, v) -> environment.put(k, masker.mask(v)));
            a.put("environment", environment);
            a.put("outputVariables", action.outputs().variables());
            a.put("directory", dir.toString());
            List<String> steps = runSteps.steps();
            List<String> resolvedSteps = action.configuration().steps().stream().map(s -> s.run()).toList();
            List<String> shown = new ArrayList<>();
            for (int i = 0; i < steps.size(); i++) {
                String text = i < resolvedSteps.size() && resolvedSteps.get(i) != null ? resolvedSteps.get(i)
                        : steps.get(i);
                shown.add(masker.mask(text).strip());
            }
            a.put("steps", shown);
        }
        doc.put("actions", actions);
        return doc;
    }

    @SuppressWarnings("unchecked")
    private static void printText(PrintWriter out, Map<String, Object> doc, SourceRepository source, boolean bind) {
        List<Map<String, Object>> actions = (List<Map<String, Object>>) doc.get("actions");
        out.println("Dry run of workflow " + doc.get("workflow") + ": nothing is executed.");
        out.println("Source: " + source.root() + (source.git()
                ? " (git" + (source.state().branchName() == null ? "" : ", branch " + source.state().branchName())
                + (source.state().commitId() == null ? "" : ", commit " + source.state().commitId()) + ")"
                : " (not a git repository)") + ", " + source.files().size() + " files; "
                + (bind ? "actions run in the live folder (--bind)" : "each action gets a fresh copy"));
        out.println("Plan: " + actions.size() + " action" + (actions.size() == 1 ? "" : "s")
                + (doc.get("concurrency") == null ? ", every ready action at once (within the runners' capacity)"
                : ", at most " + doc.get("concurrency") + " at once") + "; ready actions with the longest remaining"
                + " chain first.");
        int n = 0;
        for (Map<String, Object> a : actions) {
            n++;
            List<String> deps = (List<String>) a.get("dependsOn");
            out.println();
            out.println(n + ". " + a.get("id") + " (" + a.get("identifier") + ")"
                    + (a.get("runner") == null ? "" : " on " + a.get("runner"))
                    + (deps.isEmpty() ? ", no dependencies" : ", after " + String.join(", ", deps))
                    + ", priority " + a.get("priority"));
            ((List<String>) a.get("notes")).forEach(line -> out.println("   " + line));
            if (!a.containsKey("steps")) {
                continue;
            }
            if (a.get("where") != null) {
                out.println("   runs in: " + a.get("where"));
            }
            out.println("   environment:");
            ((Map<String, String>) a.get("environment")).forEach((k, v) -> out.println("     " + k + "=" + v));
            List<String> outputs = (List<String>) a.get("outputVariables");
            if (!outputs.isEmpty()) {
                out.println("   output variables: " + String.join(", ", outputs));
            }
            List<String> steps = (List<String>) a.get("steps");
            out.println("   steps (in one bash, starting in " + a.get("directory") + "):");
            for (int i = 0; i < steps.size(); i++) {
                String[] lines = steps.get(i).split("\n", -1);
                out.println("     [" + (i + 1) + "] " + lines[0]);
                for (int k = 1; k < lines.length; k++) {
                    out.println("         " + lines[k]);
                }
            }
        }
    }
}
