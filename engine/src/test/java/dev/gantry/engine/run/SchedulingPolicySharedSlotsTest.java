package dev.gantry.engine.run;

import dev.gantry.engine.model.Workflow;
import dev.gantry.engine.run.SchedulingPolicy.Effect;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.gantry.engine.run.TestWorkflows.build;
import static dev.gantry.engine.run.TestWorkflows.workflow;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs sharing one {@link RunnerSlots} (a server): another run may free capacity before this run has begun. That
 * must not end this run before its first action (found by bench/server.sh: 33 of 200 concurrent runs failed with
 * "the run failed inside Gantry").
 */
class SchedulingPolicySharedSlotsTest {
    @Test
    void capacityFreedBeforeTheRunBeganDoesNotEndIt() {
        Workflow wf = workflow(build("A", List.of(), "x"));
        SchedulingPolicy p = new SchedulingPolicy(SchedulingPolicyTest.plan(wf, new FakeRunner("any",
                Integer.MAX_VALUE)), Integer.MAX_VALUE, false, true, new RunnerSlots());
        assertThat(p.capacityFreed()).isEmpty();
        assertThat(p.done()).isFalse();
        assertThat(p.begin()).containsExactly(new Effect.Enter("A"));
        assertThat(SchedulingPolicyTest.started(p.entered("A", true, null))).containsExactly("A");
        assertThat(p.finished("A", ActionStatus.SUCCEEDED)).contains(new Effect.Done());
        assertThat(p.done()).isTrue();
    }
}
