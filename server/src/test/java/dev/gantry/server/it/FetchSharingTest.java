package dev.gantry.server.it;

import dev.gantry.dsl.WorkflowFiles;
import dev.gantry.dsl.validate.ValidationOptions;
import dev.gantry.engine.config.ConfigOrigin;
import dev.gantry.engine.config.ServerConfig.RepositoryConfig;
import dev.gantry.engine.trigger.TriggerMatcher;
import dev.gantry.scm.git.MirrorSettings;
import dev.gantry.scm.git.RepositoryMirror;
import dev.gantry.server.EventLog;
import dev.gantry.server.history.Database;
import dev.gantry.server.history.HistoryStore;
import dev.gantry.server.history.NewRun;
import dev.gantry.server.history.RunRecord;
import dev.gantry.server.latency.StartPhase;
import dev.gantry.server.latency.StartTimeline;
import dev.gantry.server.repo.WatchedRepository;
import dev.gantry.server.repo.WorkflowCache;
import dev.gantry.server.trigger.RepositoryUpdates;
import dev.gantry.server.trigger.TriggerDispatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a webhook needs no fetch of its own, against a real repository, mirror and database: a redelivered push whose
 * commit the mirror already has at its branch, and a webhook that noted the fetch count before a fetch that then
 * worked. The runs are recorded by a stand-in submitter (this test is about fetching, not running).
 */
@ExtendWith(TestDatabase.Available.class)
class FetchSharingTest {
    @TempDir
    Path tmp;

    @Test
    void aWebhookFetchesOnlyWhenTheMirrorMayLackItsPush() throws Exception {
        GitFixture git = new GitFixture(tmp);
        git.write(Map.of(".codecatalyst/workflows/build.yaml", WorkflowCacheTest.workflow("Build")
                .replace("Actions:", "Triggers:\n  - Type: PUSH\nActions:"))).commit("first");
        git.push("main");
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        EventLog log = new EventLog(new PrintStream(logged, true, StandardCharsets.UTF_8), Clock.systemUTC());
        List<NewRun> submitted = new ArrayList<>();
        WorkflowFiles files = new WorkflowFiles(ValidationOptions.DEFAULT);
        try (TestDatabase database = TestDatabase.create();
             Database db = Database.open(database.url() != null ? database.url()
                     : Database.embeddedUrl(tmp.resolve("data")), null, null, 2);
             WatchedRepository repo = new WatchedRepository(new RepositoryConfig("app", git.bare.toString(), null,
                     "generic", null, null, List.of(), ConfigOrigin.COMMAND_LINE), RepositoryMirror.open(
                     MirrorSettings.of(git.bare.toString(), tmp.resolve("mirror.git"))), null)) {
            HistoryStore history = new HistoryStore(db);
            TriggerDispatch dispatch = new TriggerDispatch(new WorkflowCache((p, t) -> files.parse(p, t, p), 16,
                    1 << 20), new TriggerMatcher(), (run, timeline) -> {
                        submitted.add(run);
                        return new RunRecord(submitted.size(), run.repository(), run.workflow(), run.workflowFile(),
                                run.branch(), run.commit(), run.trigger(), run.triggerDetail(), run.startedBy(),
                                null, null, run.variables(), null, 0L, null, null);
                    }, log);
            RepositoryUpdates updates = new RepositoryUpdates(history, dispatch, log, Clock.systemUTC());
            updates.fetchAndDispatch(repo, "start-up"); // first sight: records the branch
            assertThat(repo.fetchesBegun()).isEqualTo(1);

            String second = git.write(Map.of("a.txt", "a\n")).commit("second");
            git.push("main");
            StartTimeline first = StartTimeline.begin("webhook");
            updates.fetchAndDispatch(repo, "webhook", Map.of("main", second), first);
            assertThat(repo.fetchesBegun()).isEqualTo(2);
            assertThat(submitted).extracting(NewRun::commit).containsExactly(second);
            assertThat(first.reached(StartPhase.FETCHED)).isTrue();

            // the same push told again (another delivery id): the mirror has it at main already; no fetch, no run
            updates.fetchAndDispatch(repo, "webhook", Map.of("main", second), StartTimeline.begin("webhook"));
            assertThat(repo.fetchesBegun()).isEqualTo(2);
            assertThat(submitted).hasSize(1);

            // a webhook that noted the count before a fetch that then worked needs none; one that noted it after does
            long noted = repo.fetchesBegun();
            assertThat(repo.fetchedSince(noted)).isFalse();
            repo.fetchWorked(repo.beginFetch());
            assertThat(repo.fetchedSince(noted)).isTrue();
            assertThat(repo.fetchedSince(repo.fetchesBegun())).isFalse();
        }
    }
}
