package dev.gantry.engine.run;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.ActionGroup;
import dev.gantry.engine.model.Configuration;
import dev.gantry.engine.model.Inputs;
import dev.gantry.engine.model.Outputs;
import dev.gantry.engine.model.Step;
import dev.gantry.engine.model.Variable;
import dev.gantry.engine.model.Workflow;
import dev.gantry.engine.model.WorkflowNode;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Builds models by hand for tests. */
final class TestWorkflows {
    private TestWorkflows() {
    }

    static Workflow workflow(WorkflowNode... nodes) {
        return new Workflow("test", "1.0", null, null, List.of(), Arrays.asList(nodes));
    }

    static Action build(String name, List<String> dependsOn, String... steps) {
        return build(name, null, dependsOn, List.of(), List.of(), null, steps);
    }

    static Action build(String name, String group, List<String> dependsOn, List<Variable> vars, List<String> outputs,
                        Integer timeout, String... steps) {
        return new Action(name, group, "aws/build@v1", dependsOn, null, timeout, null, Map.of(),
                new Inputs(List.of("WorkflowSource"), List.of(), vars),
                new Outputs(List.of(), outputs, null, Map.of()),
                new Configuration(Arrays.stream(steps).map(Step::new).toList(), null, Map.of()));
    }

    static ActionGroup group(String name, List<String> dependsOn, Action... actions) {
        return new ActionGroup(name, dependsOn, Arrays.asList(actions));
    }
}
