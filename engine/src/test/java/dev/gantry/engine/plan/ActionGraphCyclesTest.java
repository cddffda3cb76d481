package dev.gantry.engine.plan;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.ActionGroup;
import dev.gantry.engine.model.Configuration;
import dev.gantry.engine.model.Inputs;
import dev.gantry.engine.model.Outputs;
import dev.gantry.engine.model.Step;
import dev.gantry.engine.model.Workflow;
import dev.gantry.engine.model.WorkflowNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ActionGraphCyclesTest {
    private static Action action(String name, String group, List<String> dependsOn, String... steps) {
        List<Step> s = java.util.Arrays.stream(steps).map(Step::new).toList();
        return new Action(name, group, "aws/build@v1", dependsOn, null, null, null, Map.of(), Inputs.NONE,
                new Outputs(List.of(), List.of("V"), null, Map.of()), new Configuration(s, null, Map.of()));
    }

    private static Workflow workflow(WorkflowNode... nodes) {
        return new Workflow("W", "1.0", null, null, List.of(), List.of(nodes));
    }

    @Test
    void reportsOneCyclePerStronglyConnectedPart() {
        ActionGraph g = ActionGraph.of(workflow(
                action("Alpha", null, List.of("Gamma")),
                action("Beta", null, List.of("Alpha")),
                action("Gamma", null, List.of("Beta")),
                action("X", null, List.of("Y")),
                action("Y", null, List.of("X")),
                action("Free", null, List.of("Alpha"))));
        assertThat(g.cycles()).containsExactly(
                List.of("Alpha", "Beta", "Gamma", "Alpha"),
                List.of("X", "Y", "X"));
        assertThat(g.cycle()).contains(List.of("Alpha", "Beta", "Gamma", "Alpha"));
    }

    @Test
    void findsCyclesThroughGroupsAndVariableReferences() {
        ActionGroup group = new ActionGroup("G", List.of("A"), List.of(action("M", "G", List.of())));
        ActionGraph g = ActionGraph.of(workflow(action("A", null, List.of(), "echo ${G.M.V}"), group));
        assertThat(g.cycles()).containsExactly(List.of("A", "G.M", "A"));
    }

    @Test
    void aGroupedActionNamingATopLevelNodeWaitsForIt() {
        ActionGroup checks = new ActionGroup("Checks", List.of(), List.of(action("A", "Checks", List.of()),
                action("B", "Checks", List.of())));
        ActionGroup ship = new ActionGroup("Ship", List.of(), List.of(action("Up", "Ship", List.of("First", "Checks"))));
        ActionGraph g = ActionGraph.of(workflow(action("First", null, List.of()), checks, ship));
        assertThat(g.upstream("Ship.Up")).containsExactly("First", "Checks.A", "Checks.B");
        assertThat(g.levels()).containsExactly(List.of("First", "Checks.A", "Checks.B"), List.of("Ship.Up"));
    }

    @Test
    void acyclicGraphHasNoCycles() {
        ActionGraph g = ActionGraph.of(workflow(action("A", null, List.of()), action("B", null, List.of("A"))));
        assertThat(g.cycles()).isEmpty();
    }

    @Test
    void anEdgeKeepsEveryReason() {
        ActionGraph g = ActionGraph.of(workflow(action("A", null, List.of()),
                action("B", null, List.of("A"), "echo ${A.V}")));
        Dependency d = g.graph().getEdge("A", "B");
        assertThat(d.kind()).isEqualTo(Dependency.Kind.DEPENDS_ON);
        assertThat(d.kinds()).containsExactly(Dependency.Kind.DEPENDS_ON, Dependency.Kind.VARIABLE);
    }
}
