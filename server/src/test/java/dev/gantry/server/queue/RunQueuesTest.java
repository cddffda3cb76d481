package dev.gantry.server.queue;

import dev.gantry.engine.model.RunMode;
import dev.gantry.server.queue.RunQueues.Arrival;
import dev.gantry.server.queue.RunQueues.QueueKey;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunQueuesTest {
    private final RunQueues queues = new RunQueues();
    private final QueueKey build = new QueueKey("repo/Build", "Build");
    private final QueueKey deploy = new QueueKey("repo/Build", "Deploy");

    @Test
    void queuedRunsEnterOneAfterAnotherInArrivalOrder() {
        assertThat(queues.arrive(build, RunMode.QUEUED, "1")).isInstanceOf(Arrival.Entered.class);
        assertThat(queues.arrive(build, RunMode.QUEUED, "2")).isEqualTo(new Arrival.Waiting(1, List.of()));
        assertThat(queues.arrive(build, RunMode.QUEUED, "3")).isEqualTo(new Arrival.Waiting(2, List.of()));
        assertThat(queues.leave(build, "1")).containsExactly("2");
        assertThat(queues.holds(build, "2")).isTrue();
        assertThat(queues.leave(build, "2")).containsExactly("3");
        assertThat(queues.leave(build, "3")).isEmpty();
        assertThat(queues.waitingCounts()).isEmpty();
    }

    @Test
    void eachActionHasItsOwnQueueSoRunsOverlapAcrossActions() {
        queues.arrive(build, RunMode.QUEUED, "1");
        assertThat(queues.leave(build, "1")).isEmpty();
        // run 1 moved on to Deploy; run 2 may take Build meanwhile
        assertThat(queues.arrive(deploy, RunMode.QUEUED, "1")).isInstanceOf(Arrival.Entered.class);
        assertThat(queues.arrive(build, RunMode.QUEUED, "2")).isInstanceOf(Arrival.Entered.class);
        assertThat(queues.arrive(deploy, RunMode.QUEUED, "2")).isInstanceOf(Arrival.Waiting.class);
    }

    @Test
    void aQueueHoldsAtMostFiftyWaitingRuns() {
        queues.arrive(build, RunMode.QUEUED, "holder");
        for (int i = 1; i <= RunQueues.MAX_WAITING; i++) {
            assertThat(queues.arrive(build, RunMode.QUEUED, "w" + i)).isEqualTo(new Arrival.Waiting(i, List.of()));
        }
        assertThat(queues.arrive(build, RunMode.QUEUED, "one-too-many")).isEqualTo(new Arrival.Full(50));
        assertThat(queues.waiting(build)).hasSize(50).doesNotContain("one-too-many");
    }

    @Test
    void supersededKeepsOneWaitingRunAndTheNewerWins() {
        queues.arrive(build, RunMode.SUPERSEDED, "1");
        assertThat(queues.arrive(build, RunMode.SUPERSEDED, "2")).isEqualTo(new Arrival.Waiting(1, List.of()));
        assertThat(queues.arrive(build, RunMode.SUPERSEDED, "3")).isEqualTo(new Arrival.Waiting(1, List.of("2")));
        assertThat(queues.waiting(build)).containsExactly("3");
        assertThat(queues.leave(build, "1")).containsExactly("3");
    }

    @Test
    void parallelRunsNeverWait() {
        for (int i = 0; i < 100; i++) {
            assertThat(queues.arrive(build, RunMode.PARALLEL, "r" + i)).isInstanceOf(Arrival.Entered.class);
        }
        assertThat(queues.waitingCounts()).isEmpty();
    }

    @Test
    void aRunThatEndsLeavesEveryQueueAndAdmitsTheNext() {
        queues.arrive(build, RunMode.QUEUED, "1");
        queues.arrive(deploy, RunMode.QUEUED, "0");
        queues.arrive(deploy, RunMode.QUEUED, "1");
        queues.arrive(build, RunMode.QUEUED, "2");
        assertThat(queues.leaveAll("1")).containsEntry(build, "2").hasSize(1);
        assertThat(queues.waiting(deploy)).isEmpty();
        assertThat(queues.holds(deploy, "0")).isTrue();
    }

    @Test
    void aWaitingRunThatGivesUpDoesNotBlockTheOthers() {
        queues.arrive(build, RunMode.QUEUED, "1");
        queues.arrive(build, RunMode.QUEUED, "2");
        queues.arrive(build, RunMode.QUEUED, "3");
        assertThat(queues.leave(build, "2")).isEmpty();
        assertThat(queues.leave(build, "1")).containsExactly("3");
    }

    @Test
    void arrivingTwiceIsAProgrammingError() {
        queues.arrive(build, RunMode.QUEUED, "1");
        assertThatThrownBy(() -> queues.arrive(build, RunMode.QUEUED, "1")).isInstanceOf(IllegalStateException.class);
    }
}
