package dev.gantry.dsl.validate;

import dev.gantry.engine.diagnostic.Diagnostic;
import dev.gantry.engine.diagnostic.Diagnostics;
import dev.gantry.engine.diagnostic.SourceMap;
import dev.gantry.engine.diagnostic.SourcePosition;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.ActionGroup;
import dev.gantry.engine.model.Compute;
import dev.gantry.engine.model.ComputeType;
import dev.gantry.engine.model.Configuration;
import dev.gantry.engine.model.Inputs;
import dev.gantry.engine.model.Outputs;
import dev.gantry.engine.model.Step;
import dev.gantry.engine.model.Trigger;
import dev.gantry.engine.model.TriggerType;
import dev.gantry.engine.model.Workflow;
import dev.gantry.engine.model.WorkflowNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules that the YAML loader already reports in its own words while reading (so the YAML fixtures never show the
 * validator's version), checked on models built in code as the Groovy DSL would build them, with positions from
 * a hand-made {@link SourceMap}.
 */
class ModelRulesTest {
    private final SourceMap.Builder positions = new SourceMap.Builder();

    private static Action build(String name, String group, Compute compute, Inputs inputs, String identifier) {
        return new Action(name, group, identifier, List.of(), compute, null, null, Map.of(), inputs, Outputs.NONE,
                new Configuration(List.of(new Step("make")), null, Map.of()));
    }

    private static Action build(String name) {
        return build(name, null, null, new Inputs(List.of("WorkflowSource"), List.of(), List.of()), "aws/build@v1");
    }

    private List<String> validate(List<Trigger> triggers, Compute compute, WorkflowNode... nodes) {
        Workflow w = new Workflow("W", "1.0", null, compute, triggers, List.of(nodes));
        Diagnostics out = new Diagnostics("w.groovy");
        new WorkflowValidator(ValidationOptions.DEFAULT).validate(w, positions.build(), out);
        return out.list().stream().map(Diagnostic::format).toList();
    }

    private void at(String path, int line, int column) {
        positions.key(path, new SourcePosition(line, column)).value(path, new SourcePosition(line, column + 2));
    }

    @Test
    void secondScheduleTrigger() {
        at("/Triggers/1/Type", 7, 7);
        Trigger nightly = new Trigger(TriggerType.SCHEDULE, List.of(), List.of(), List.of(), "0 2 * * ? *");
        assertThat(validate(List.of(nightly, nightly), null, build("Build"))).containsExactly(
                "w.groovy:7:9: error: a workflow can have only one SCHEDULE trigger; merge the schedules into one "
                        + "expression or use another workflow [schedule-duplicate]");
    }

    @Test
    void gateInAGroup() {
        at("/Actions/G/Actions/Approve", 5, 5);
        Action gate = new Action("Approve", "G", "aws/approval@v1", List.of(), null, null, null, Map.of(),
                Inputs.NONE, Outputs.NONE, Configuration.NONE);
        assertThat(validate(List.of(), null, new ActionGroup("G", List.of(), List.of(gate)))).containsExactly(
                "w.groovy:5:5: error: gate G.Approve is inside group G; gates cannot be placed in groups: move it to "
                        + "the top level [gate-in-group]");
    }

    @Test
    void tooManyActions() {
        at("/Actions", 3, 1);
        List<WorkflowNode> many = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            many.add(build("A" + i));
        }
        assertThat(validate(List.of(), null, many.toArray(WorkflowNode[]::new))).containsExactly(
                "w.groovy:3:1: error: the workflow has 51 actions (groups included); the service allows 50: split it "
                        + "into several workflows [actions-limit]");
    }

    @Test
    void unknownSource() {
        at("/Actions/Build/Inputs/Sources/0", 9, 9);
        Action a = build("Build", null, null, new Inputs(List.of("MyRepo"), List.of(), List.of()), "aws/build@v1");
        assertThat(validate(List.of(), null, a)).containsExactly(
                "w.groovy:9:11: error: source 'MyRepo' does not exist; the only source is WorkflowSource (the "
                        + "repository of this workflow) [input-source-unknown]");
    }

    @Test
    void undocumentedPullRequestEventAndInvalidBranchPattern() {
        at("/Triggers/0/Events/1", 6, 9);
        at("/Triggers/0/Branches/0", 4, 9);
        Trigger pr = new Trigger(TriggerType.PULLREQUEST, List.of("feature-(x"), List.of(), List.of("OPEN", "DRAFT"),
                null);
        assertThat(validate(List.of(pr), null, build("Build"))).containsExactly(
                "w.groovy:4:11: error: 'feature-(x' is not a valid regular expression (Unclosed group) [trigger-regex]",
                "w.groovy:6:11: warning: pull request event DRAFT is not in the service's documentation (only OPEN, "
                        + "REVISION and CLOSED are); it may never fire [pullrequest-event]");
    }

    @Test
    void gitHubActionOnLambda() {
        at("/Actions/Gh/Compute/Type", 8, 7);
        Action gh = build("Gh", null, new Compute(ComputeType.LAMBDA, null, null),
                new Inputs(List.of("WorkflowSource"), List.of(), List.of()), "aws/github-actions-runner@v1");
        assertThat(validate(List.of(), null, gh)).containsExactly(
                "w.groovy:8:9: error: aws/github-actions-runner@v1 runs in Docker and cannot run on Lambda compute: "
                        + "use EC2 [lambda-unsupported]");
    }
}
