package dev.gantry.server.history;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The history contract on the embedded database, a real H2 file in a temporary folder. */
class H2HistoryTest extends HistoryStoreContract {
    @TempDir
    Path data;

    @Override
    protected Database openEmpty() {
        return Database.open(Database.embeddedUrl(data), null, null, 4);
    }

    @Test
    void theFileSurvivesReopeningAndIsMigratedOnce() {
        long id = history.createRun(new NewRun("app", "Build", "b.yaml", "main", "c".repeat(40), "MANUAL", null,
                "alice", java.util.Map.of(), null), 1);
        db.close();
        db = Database.open(Database.embeddedUrl(data), null, null, 2);
        assertThat(new HistoryStore(db).run(id)).get().extracting(RunRecord::startedBy).isEqualTo("alice");
        assertThat(db.description()).startsWith("H2 file:");
    }
}
