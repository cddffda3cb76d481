package dev.gantry.server;

import dev.gantry.engine.files.FolderTrees;
import dev.gantry.server.history.HistoryStore;
import dev.gantry.server.runs.RunFiles;
import dev.gantry.server.webhook.DeliveryLog;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The retention policy, applied in the background: finished runs older than {@code days}, or beyond the newest
 * {@code runsPerWorkflow} of their workflow, are deleted with their logs and artifacts; webhook delivery ids are
 * forgotten after 30 days.
 */
public final class Retention {
    private final HistoryStore history;
    private final DeliveryLog deliveries;
    private final RunFiles files;
    private final Integer days;
    private final Integer runsPerWorkflow;
    private final Clock clock;
    private final EventLog log;

    public Retention(HistoryStore history, DeliveryLog deliveries, RunFiles files, Integer days,
                     Integer runsPerWorkflow, Clock clock, EventLog log) {
        this.history = history;
        this.deliveries = deliveries;
        this.files = files;
        this.days = days;
        this.runsPerWorkflow = runsPerWorkflow;
        this.clock = clock;
        this.log = log;
    }

    /** Applies the policy once; returns the ids of the runs it removed. */
    public List<Long> apply() {
        long now = clock.millis();
        Long cutoff = days == null ? null : now - Duration.ofDays(days).toMillis();
        List<Long> expired = history.expired(cutoff, runsPerWorkflow);
        for (long id : expired) {
            FolderTrees.deleteQuietly(files.runDir(id));
            history.delete(id);
        }
        deliveries.forgetBefore(now - Duration.ofDays(30).toMillis());
        if (!expired.isEmpty()) {
            log.log("retention: removed " + expired.size() + " run(s) with their logs and artifacts");
        }
        return expired;
    }
}
