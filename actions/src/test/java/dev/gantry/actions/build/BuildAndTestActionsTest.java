package dev.gantry.actions.build;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Configuration;
import dev.gantry.engine.model.Inputs;
import dev.gantry.engine.model.Outputs;
import dev.gantry.engine.model.Step;
import dev.gantry.engine.run.ActionWork;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BuildAndTestActionsTest {
    static Action action(String identifier, String... steps) {
        return new Action("A", null, identifier, List.of(), null, null, null, Map.of(), Inputs.NONE, Outputs.NONE,
                new Configuration(java.util.Arrays.stream(steps).map(Step::new).toList(), null, Map.of()));
    }

    @Test
    void buildAndTestRunTheirSteps() {
        BuildAndTestActions types = new BuildAndTestActions();
        assertThat(types.work(action("aws/build@v1", "make", "make test")))
                .isEqualTo(new ActionWork.RunSteps(List.of("make", "make test")));
        assertThat(types.work(action("aws/managed-test@v1", "npm test")))
                .isEqualTo(new ActionWork.RunSteps(List.of("npm test")));
    }

    @Test
    void gatesCompleteAndOthersAreUnsupported() {
        BuildAndTestActions types = new BuildAndTestActions();
        assertThat(types.work(action("aws/approval@v1"))).isInstanceOf(ActionWork.Complete.class);
        assertThat(types.work(action("aws/ecs-deploy@v1"))).isInstanceOfSatisfying(ActionWork.Unsupported.class,
                u -> assertThat(u.reason()).contains("aws/ecs-deploy").contains("--action"));
    }
}
