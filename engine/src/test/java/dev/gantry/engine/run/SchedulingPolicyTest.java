package dev.gantry.engine.run;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Configuration;
import dev.gantry.engine.model.Inputs;
import dev.gantry.engine.model.Outputs;
import dev.gantry.engine.model.Workflow;
import dev.gantry.engine.plan.ActionGraph;
import dev.gantry.engine.run.SchedulingPolicy.Effect;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.gantry.engine.run.TestWorkflows.build;
import static dev.gantry.engine.run.TestWorkflows.workflow;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scheduling policy driven step by step, on this thread, as the executor drives it: what starts, in which
 * order, on which runner, what is skipped or cancelled. No action runs (the runners here are never asked to run
 * anything: only their capacity is read).
 */
class SchedulingPolicyTest {
    private static final int UNLIMITED = Integer.MAX_VALUE;

    static RunPlan plan(Workflow wf, Runner... runners) {
        ActionGraph graph = ActionGraph.of(wf);
        ReferenceValues refs = new ReferenceValues(new WorkflowSource(Path.of("."), "abc", "main"), Map.of(),
                graph.actions());
        RunPlan.Outcome o = RunPlan.of(graph, List.of(), RunExecutorTest.STEPS, RunnerRouting.any(List.of(runners)),
                refs);
        assertThat(o.problems()).isEmpty();
        return o.plan();
    }

    static List<String> started(List<Effect> effects) {
        return effects.stream().filter(e -> e instanceof Effect.Start).map(e -> ((Effect.Start) e).actionId())
                .toList();
    }

    static List<String> skipped(List<Effect> effects) {
        return effects.stream().filter(e -> e instanceof Effect.Skip).map(e -> ((Effect.Skip) e).actionId())
                .toList();
    }

    static Action gate(String name, List<String> deps) {
        return new Action(name, null, "aws/approval@v1", deps, null, null, null, Map.of(), Inputs.NONE,
                Outputs.NONE, Configuration.NONE);
    }

    @Test
    void everyReadyActionStartsByDefaultAndOnlyARunnersConfiguredCapacityHoldsThemBack() {
        Workflow fan = workflow(build("A", List.of(), "x"), build("B", List.of(), "x"), build("C", List.of(), "x"),
                build("D", List.of(), "x"));
        SchedulingPolicy open = new SchedulingPolicy(plan(fan, new FakeRunner("any", UNLIMITED)), UNLIMITED, false,
                false, new RunnerSlots());
        assertThat(started(open.begin())).containsExactly("A", "B", "C", "D");

        SchedulingPolicy two = new SchedulingPolicy(plan(fan, new FakeRunner("small", 2)), UNLIMITED, false, false,
                new RunnerSlots());
        assertThat(started(two.begin())).containsExactly("A", "B");
        assertThat(started(two.finished("B", ActionStatus.SUCCEEDED))).containsExactly("C");
        assertThat(two.state("D")).isEqualTo(SchedulingPolicy.State.READY);
    }

    @Test
    void theRunsConcurrencyLimitsIt() {
        Workflow fan = workflow(build("A", List.of(), "x"), build("B", List.of(), "x"), build("C", List.of(), "x"));
        SchedulingPolicy p = new SchedulingPolicy(plan(fan, new FakeRunner("any", UNLIMITED)), 1, false, false,
                new RunnerSlots());
        assertThat(started(p.begin())).containsExactly("A");
        assertThat(p.slotsInUse()).isEqualTo(1);
        assertThat(started(p.finished("A", ActionStatus.SUCCEEDED))).containsExactly("B");
        assertThat(started(p.finished("B", ActionStatus.SUCCEEDED))).containsExactly("C");
        List<Effect> last = p.finished("C", ActionStatus.SUCCEEDED);
        assertThat(last).contains(new Effect.Done());
        assertThat(p.done()).isTrue();
    }

    @Test
    void theLongestRemainingChainStartsFirst() {
        // Short has nothing after it; Long heads a chain of three: with one slot, Long goes first although
        // Short comes first in the file
        Workflow wf = workflow(build("Short", List.of(), "x"), build("Long", List.of(), "x"),
                build("L2", List.of("Long"), "x"), build("L3", List.of("L2"), "x"));
        SchedulingPolicy p = new SchedulingPolicy(plan(wf, new FakeRunner("any", UNLIMITED)), 1, false, false,
                new RunnerSlots());
        assertThat(started(p.begin())).containsExactly("Long");
        assertThat(started(p.finished("Long", ActionStatus.SUCCEEDED))).containsExactly("L2");
        // L3 and Short both have nothing after them: a tie goes to file order
        assertThat(started(p.finished("L2", ActionStatus.SUCCEEDED))).containsExactly("Short");
        assertThat(started(p.finished("Short", ActionStatus.SUCCEEDED))).containsExactly("L3");
    }

    @Test
    void anActionStartsOnTheFirstCandidateWithAFreeSlot() {
        FakeRunner first = new FakeRunner("first", 1);
        FakeRunner second = new FakeRunner("second", 1);
        Workflow wf = workflow(build("A", List.of(), "x"), build("B", List.of(), "x"), build("C", List.of(), "x"));
        SchedulingPolicy p = new SchedulingPolicy(plan(wf, first, second), UNLIMITED, false, false,
                new RunnerSlots());
        List<Effect> effects = p.begin();
        assertThat(effects).containsSubsequence(new Effect.Start("A", first), new Effect.Start("B", second));
        assertThat(started(effects)).doesNotContain("C");
        assertThat(p.finished("B", ActionStatus.SUCCEEDED)).contains(new Effect.Start("C", second),
                new Effect.CapacityReleased());
    }

    @Test
    void aFailureSkipsWhatDependsOnItWhileIndependentActionsGoOn() {
        Workflow wf = workflow(build("A", List.of(), "x"), build("B", List.of("A"), "x"),
                build("C", List.of("B"), "x"), build("Other", List.of(), "x"));
        SchedulingPolicy p = new SchedulingPolicy(plan(wf, new FakeRunner("any", UNLIMITED)), UNLIMITED, false,
                false, new RunnerSlots());
        assertThat(started(p.begin())).containsExactlyInAnyOrder("A", "Other");
        List<Effect> effects = p.finished("A", ActionStatus.FAILED);
        assertThat(skipped(effects)).containsExactly("B", "C");
        assertThat(effects).contains(new Effect.Skip("B", "skipped: 'A' did not succeed"));
        assertThat(p.done()).isFalse();
        assertThat(p.finished("Other", ActionStatus.SUCCEEDED)).contains(new Effect.Done());
    }

    @Test
    void failFastCancelsWhatRunsAndSkipsWhatWaits() {
        Workflow wf = workflow(build("A", List.of(), "x"), build("B", List.of(), "x"),
                build("C", List.of("B"), "x"));
        SchedulingPolicy p = new SchedulingPolicy(plan(wf, new FakeRunner("any", UNLIMITED)), UNLIMITED, true, false,
                new RunnerSlots());
        p.begin();
        List<Effect> effects = p.finished("A", ActionStatus.FAILED);
        assertThat(effects).contains(new Effect.Cancel("B", Cancellation.Reason.FAIL_FAST));
        assertThat(skipped(effects)).containsExactly("C");
        assertThat(p.done()).isFalse();
        assertThat(p.finished("B", ActionStatus.CANCELLED)).contains(new Effect.Done());
    }

    @Test
    void cancellingInterruptsRunningActionsAndSkipsTheRest() {
        Workflow wf = workflow(build("A", List.of(), "x"), build("B", List.of("A"), "x"));
        SchedulingPolicy p = new SchedulingPolicy(plan(wf, new FakeRunner("any", UNLIMITED)), UNLIMITED, false,
                false, new RunnerSlots());
        p.begin();
        List<Effect> effects = p.cancel();
        assertThat(effects).contains(new Effect.Cancel("A", Cancellation.Reason.INTERRUPTED),
                new Effect.Skip("B", "run interrupted"));
        assertThat(p.interrupted()).isTrue();
        assertThat(p.finished("A", ActionStatus.CANCELLED)).contains(new Effect.Done());
        assertThat(p.cancel()).isEmpty();
    }

    @Test
    void aGateNeedsNoRunnerSlot() {
        Workflow wf = workflow(build("A", List.of(), "x"), gate("Gate", List.of()), build("B", List.of("Gate"), "x"));
        SchedulingPolicy p = new SchedulingPolicy(plan(wf, new FakeRunner("one", 1)), 1, false, false,
                new RunnerSlots());
        List<Effect> effects = p.begin();
        assertThat(effects).contains(new Effect.Start("Gate", null));
        assertThat(started(effects)).containsExactlyInAnyOrder("A", "Gate");
        assertThat(started(p.finished("Gate", ActionStatus.SUCCEEDED))).isEmpty(); // B waits for the slot A holds
        assertThat(started(p.finished("A", ActionStatus.SUCCEEDED))).containsExactly("B");
    }

    @Test
    void anEntryHookHoldsAnActionUntilItSaysSoAndCanSkipIt() {
        Workflow wf = workflow(build("A", List.of(), "x"), build("B", List.of("A"), "x"),
                build("C", List.of("B"), "x"));
        SchedulingPolicy p = new SchedulingPolicy(plan(wf, new FakeRunner("any", UNLIMITED)), UNLIMITED, false, true,
                new RunnerSlots());
        assertThat(p.begin()).containsExactly(new Effect.Enter("A"));
        assertThat(p.state("A")).isEqualTo(SchedulingPolicy.State.ENTERING);
        assertThat(started(p.entered("A", true, null))).containsExactly("A");
        List<Effect> afterA = p.finished("A", ActionStatus.SUCCEEDED);
        assertThat(afterA).contains(new Effect.Enter("B"));
        assertThat(started(afterA)).isEmpty();
        List<Effect> effects = p.entered("B", false, "superseded by run 42");
        assertThat(effects).contains(new Effect.Skip("B", "superseded by run 42"),
                new Effect.Skip("C", "skipped: 'B' did not succeed"), new Effect.Done());
    }

    @Test
    void runsSharingRunnerSlotsNeverExceedARunnersCapacityTogether() {
        FakeRunner shared = new FakeRunner("shared", 2);
        RunnerSlots slots = new RunnerSlots();
        Workflow wf = workflow(build("A", List.of(), "x"), build("B", List.of(), "x"));
        SchedulingPolicy one = new SchedulingPolicy(plan(wf, shared), UNLIMITED, false, false, slots);
        SchedulingPolicy two = new SchedulingPolicy(plan(wf, shared), UNLIMITED, false, false, slots);
        assertThat(started(one.begin())).containsExactly("A", "B");
        assertThat(started(two.begin())).isEmpty();
        assertThat(slots.inUse(shared)).isEqualTo(2);
        assertThat(one.finished("A", ActionStatus.SUCCEEDED)).contains(new Effect.CapacityReleased());
        assertThat(started(two.capacityFreed())).containsExactly("A");
        assertThat(started(two.capacityFreed())).isEmpty();
        assertThat(slots.inUse(shared)).isEqualTo(2);
    }

    @Test
    void likelyNextListsReadyThenSoonReadyActions() {
        Workflow wf = workflow(build("A", List.of(), "x"), build("B", List.of(), "x"),
                build("C", List.of("A"), "x"), build("D", List.of("C"), "x"));
        SchedulingPolicy p = new SchedulingPolicy(plan(wf, new FakeRunner("any", UNLIMITED)), 1, false, false,
                new RunnerSlots());
        assertThat(started(p.begin())).containsExactly("A");
        assertThat(p.likelyNext()).containsExactly("B", "C");
    }
}
