package dev.gantry.service;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.ActionGroup;
import dev.gantry.engine.model.Inputs;
import dev.gantry.engine.model.Variable;
import dev.gantry.engine.model.Workflow;
import dev.gantry.engine.model.WorkflowNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's variables: sets {@code NAME} in the {@code Inputs.Variables} of every build and test action,
 * replacing the workflow's value where the action declares it and adding it where it does not. Values may use
 * workflow references like any {@code Inputs.Variables} value.
 */
public final class VariableOverrides {
    private VariableOverrides() {
    }

    /** {@code workflow} with the overrides applied. */
    public static Workflow apply(Workflow workflow, Map<String, String> vars) {
        if (vars.isEmpty()) {
            return workflow;
        }
        List<WorkflowNode> nodes = new ArrayList<>();
        for (WorkflowNode n : workflow.nodes()) {
            if (n instanceof ActionGroup g) {
                nodes.add(new ActionGroup(g.name(), g.dependsOn(),
                        g.actions().stream().map(a -> apply(a, vars)).toList()));
            } else {
                nodes.add(apply((Action) n, vars));
            }
        }
        return new Workflow(workflow.name(), workflow.schemaVersion(), workflow.runMode(), workflow.compute(),
                workflow.triggers(), nodes);
    }

    private static Action apply(Action a, Map<String, String> vars) {
        if (!a.runsSteps()) {
            return a;
        }
        Map<String, String> merged = new LinkedHashMap<>();
        a.inputs().variables().forEach(v -> merged.put(v.name(), v.value()));
        merged.putAll(vars);
        List<Variable> list = merged.entrySet().stream().map(e -> new Variable(e.getKey(), e.getValue())).toList();
        return new Action(a.name(), a.group(), a.identifier(), a.dependsOn(), a.compute(), a.timeoutMinutes(),
                a.environment(), a.caches(), new Inputs(a.inputs().sources(), a.inputs().artifacts(), list),
                a.outputs(), a.configuration());
    }
}
