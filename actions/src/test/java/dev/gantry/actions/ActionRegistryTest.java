package dev.gantry.actions;

import dev.gantry.actions.approval.Approver;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Configuration;
import dev.gantry.engine.model.Inputs;
import dev.gantry.engine.model.Outputs;
import dev.gantry.engine.model.Step;
import dev.gantry.engine.run.ActionFailure;
import dev.gantry.engine.run.ActionWork;
import dev.gantry.engine.run.Cancellation;
import dev.gantry.engine.run.InProcessWork;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ActionRegistryTest {
    static Action action(String identifier, String... steps) {
        return new Action("A", null, identifier, List.of(), null, null, null, Map.of(), Inputs.NONE, Outputs.NONE,
                new Configuration(java.util.Arrays.stream(steps).map(Step::new).toList(), null, Map.of()));
    }

    private static InProcessWork.Context context(Action a, List<String> log) {
        return new InProcessWork.Context("run-1", "wf", a, log::add, new Cancellation());
    }

    @Test
    void buildAndTestRunTheirSteps() {
        ActionRegistry types = ActionRegistry.standard(Approver.automatic());
        assertThat(types.work(action("aws/build@v1", "make", "make test")))
                .isEqualTo(new ActionWork.RunSteps(List.of("make", "make test")));
        assertThat(types.work(action("aws/managed-test@v1", "npm test")))
                .isEqualTo(new ActionWork.RunSteps(List.of("npm test")));
    }

    @Test
    void gatesAskTheApproverAndOthersAreUnsupported() throws Exception {
        ActionRegistry types = ActionRegistry.standard(Approver.automatic());
        Action gate = action("aws/approval@v1");
        List<String> log = new ArrayList<>();
        assertThat(types.work(gate)).isInstanceOfSatisfying(ActionWork.InProcess.class,
                w -> assertThat(w).isNotNull());
        assertThat(((ActionWork.InProcess) types.work(gate)).work().run(context(gate, log))).isEmpty();
        assertThat(log).containsExactly("approval gate: approved automatically (local run)");
        assertThat(types.work(action("aws/cli@v1"))).isInstanceOfSatisfying(
                ActionWork.Unsupported.class, u -> assertThat(u.reason()).contains("aws/cli").contains("aws/build"));
        assertThat(types.supports("aws/build@v1")).isTrue();
        assertThat(types.supports("aws/cli@v1")).isFalse();
    }

    @Test
    void everyCuratedDeployActionIsBound() {
        ActionRegistry types = ActionRegistry.standard(Approver.automatic());
        for (String id : List.of("aws/s3-publish", "aws/cfn-deploy", "aws/lambda-invoke", "aws/cdk-deploy",
                "aws/cdk-bootstrap", "aws/ecs-render-task-definition", "aws/ecs-deploy", "aws/kubernetes-deploy",
                "aws/build-beta")) {
            assertThat(types.supports(id + "@v1")).as(id).isTrue();
        }
        // a missing required property is a configuration problem, not an unsupported action
        assertThat(types.work(action("aws/ecs-deploy@v1"))).isInstanceOf(ActionWork.Invalid.class);
    }

    @Test
    void customActionsGoToTheCustomActionTypesAndSkippedOnesDoNotRun() {
        ActionRegistry types = ActionRegistry.standard(Approver.automatic())
                .withCustomActions(a -> new ActionWork.Complete("custom " + a.identifier()));
        assertThat(types.work(action("."))).isEqualTo(new ActionWork.Complete("custom ."));
        assertThat(types.work(action("acme/scan@v2"))).isEqualTo(new ActionWork.Complete("custom acme/scan@v2"));
        assertThat(types.work(action("aws/cli@v1"))).isInstanceOf(ActionWork.Unsupported.class);
        assertThat(types.withSkipped(List.of("A")).work(action("aws/cli@v1")))
                .isInstanceOf(ActionWork.Skip.class);
    }

    @Test
    void aRejectingApproverFailsTheGate() {
        ActionRegistry types = ActionRegistry.standard(r -> new Approver.Decision(false, "denied by alice"));
        Action gate = action("aws/approval@v1");
        InProcessWork work = ((ActionWork.InProcess) types.work(gate)).work();
        assertThatThrownBy(() -> work.run(context(gate, new ArrayList<>()))).isInstanceOf(ActionFailure.class)
                .hasMessageContaining("denied by alice");
    }

    @Test
    void aBindingAddsAnIdentifier() {
        ActionRegistry types = ActionRegistry.standard(Approver.automatic())
                .with("aws/s3-publish", a -> new ActionWork.Complete("published"));
        assertThat(types.work(action("aws/s3-publish@v1"))).isEqualTo(new ActionWork.Complete("published"));
        assertThatThrownBy(() -> types.with("aws/x@v1", a -> null)).isInstanceOf(IllegalArgumentException.class);
    }
}
