package dev.gantry.engine.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WorkflowComputeTest {
    static Action action(String name, Compute compute) {
        return new Action(name, null, "aws/build@v1", List.of(), compute, null, null, Map.of(), Inputs.NONE,
                Outputs.NONE, Configuration.NONE);
    }

    static Workflow workflow(Compute compute, Action... actions) {
        return new Workflow("wf", "1.0", null, compute, List.of(), List.of(actions));
    }

    @Test
    void aWorkflowLevelComputeAppliesToAnActionWithoutItsOwnButNotItsSharedInstance() {
        Action a = action("A", null);
        Workflow wf = workflow(new Compute(ComputeType.EC2, "Linux.Arm64.2XLarge", true), a);
        assertThat(wf.computeOf(a)).isEqualTo(new Compute(ComputeType.EC2, "Linux.Arm64.2XLarge", null));
        assertThat(wf.fleetOf(a)).isEqualTo("Linux.Arm64.2XLarge");
    }

    @Test
    void theActionsOwnComputeWinsAndWithNoneTheDefaultFleetApplies() {
        Compute own = new Compute(ComputeType.LAMBDA, "Linux.x86-64.XLarge", null);
        Action a = action("A", own);
        Action b = action("B", null);
        assertThat(workflow(null, a, b).computeOf(a)).isSameAs(own);
        assertThat(workflow(null, a, b).computeOf(b)).isNull();
        assertThat(workflow(null, a, b).fleetOf(b)).isEqualTo(Compute.DEFAULT_FLEET);
        assertThat(workflow(new Compute(ComputeType.EC2, null, null), b).fleetOf(b)).isEqualTo(Compute.DEFAULT_FLEET);
    }
}
