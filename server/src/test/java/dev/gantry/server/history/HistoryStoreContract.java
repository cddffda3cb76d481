package dev.gantry.server.history;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The history tests every database passes: {@link H2HistoryTest} and {@link PostgresHistoryTest}. */
abstract class HistoryStoreContract {
    protected Database db;
    protected HistoryStore history;

    /** A fresh, empty database (migrated by {@link Database#open}). */
    protected abstract Database openEmpty() throws Exception;

    @BeforeEach
    void open() throws Exception {
        db = openEmpty();
        history = new HistoryStore(db);
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    private long newRun(String workflow, String branch) {
        return history.createRun(new NewRun("app", workflow, ".codecatalyst/workflows/" + workflow + ".yaml", branch,
                "a".repeat(40), "PUSH", "push " + branch, "gantry", Map.of("ENV", "test"), null), 1_000);
    }

    @Test
    void aRunGoesFromQueuedToInProgressToItsEndAndTheFirstEndWins() {
        long id = newRun("Build", "main");
        assertThat(history.run(id)).get().satisfies(r -> {
            assertThat(r.state()).isEqualTo(RunState.QUEUED);
            assertThat(r.variables()).containsEntry("ENV", "test");
            assertThat(r.startedAt()).isNull();
        });
        history.markStarted(id, 2_000);
        assertThat(history.markFinished(id, RunState.SUCCEEDED, null, 3_000)).isTrue();
        assertThat(history.markFinished(id, RunState.ABANDONED, "late", 4_000)).isFalse();
        RunRecord r = history.run(id).orElseThrow();
        assertThat(r.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(r.startedAt()).isEqualTo(2_000L);
        assertThat(r.finishedAt()).isEqualTo(3_000L);
    }

    @Test
    void actionsStepsAndApprovalsAreKeptWithTheRun() {
        long id = newRun("Build", "main");
        history.putAction(id, new ActionRecord("Build", 0, "running", "local", List.of(), null, 10L, null));
        history.putAction(id, new ActionRecord("Deploy", 1, "waiting", null, List.of("Build", "Gate"), null, null, null));
        history.putAction(id, new ActionRecord("Build", 0, "succeeded", "local", List.of(), null, 10L, 20L));
        history.putStep(id, new StepRecord("Build", 1, "succeeded", 0, 11L, 19L));
        assertThat(history.actions(id)).extracting(ActionRecord::name, ActionRecord::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Build", "succeeded"),
                        org.assertj.core.groups.Tuple.tuple("Deploy", "waiting"));
        assertThat(history.actions(id).get(1).dependsOn()).containsExactly("Build", "Gate");
        assertThat(history.steps(id)).containsExactly(new StepRecord("Build", 1, "succeeded", 0, 11L, 19L));
        assertThat(history.addApproval(id, new ApprovalRecord("Gate", "alice", "approve", null, 5))).isTrue();
        assertThat(history.addApproval(id, new ApprovalRecord("Gate", "alice", "approve", null, 6))).isFalse();
        assertThat(history.addApproval(id, new ApprovalRecord("Gate", "bob", "approve", "ok", 7))).isTrue();
        assertThat(history.approvals(id)).extracting(ApprovalRecord::user).containsExactly("alice", "bob");
    }

    @Test
    void theRunListPagesNewestFirstWithFilters() {
        for (int i = 0; i < 25; i++) {
            newRun(i % 2 == 0 ? "Build" : "Deploy", i % 3 == 0 ? "main" : "feature");
        }
        List<RunRecord> first = history.list(RunQuery.newest(10));
        assertThat(first).hasSize(10);
        assertThat(first.get(0).id()).isGreaterThan(first.get(9).id());
        List<RunRecord> second = history.list(new RunQuery(null, null, null, null, first.get(9).id(), 10));
        assertThat(second.get(0).id()).isEqualTo(first.get(9).id() - 1);
        List<RunRecord> builds = history.list(new RunQuery("app", "Build", "main", RunState.QUEUED, null, 200));
        assertThat(builds).isNotEmpty().allSatisfy(r -> {
            assertThat(r.workflow()).isEqualTo("Build");
            assertThat(r.branch()).isEqualTo("main");
        });
        assertThat(history.countByState()).containsEntry(RunState.QUEUED, 25L);
    }

    @Test
    void retentionNamesOldAndSurplusFinishedRunsOnly() {
        long[] ids = new long[5];
        for (int i = 0; i < 5; i++) {
            ids[i] = newRun("Build", "main");
            if (i < 4) {
                history.markFinished(ids[i], RunState.SUCCEEDED, null, 2_000);
            }
        }
        assertThat(history.expired(null, 2)).containsExactly(ids[0], ids[1]);
        assertThat(history.expired(1_001L, null)).containsExactly(ids[0], ids[1], ids[2], ids[3]);
        history.delete(ids[0]);
        assertThat(history.run(ids[0])).isEmpty();
    }

    @Test
    void branchHeadsAreRememberedAndForgotten() {
        history.putBranchHead("app", "main", "1".repeat(40));
        history.putBranchHead("app", "main", "2".repeat(40));
        history.putBranchHead("app", "dev", "3".repeat(40));
        assertThat(history.branchHeads("app")).containsEntry("main", "2".repeat(40)).hasSize(2);
        history.putBranchHead("app", "dev", null);
        assertThat(history.branchHead("app", "dev")).isEmpty();
    }
}
