package dev.gantry.server.trigger;

import dev.gantry.engine.model.TriggerType;
import dev.gantry.engine.trigger.ScheduleTick;
import dev.gantry.scm.git.BranchHead;
import dev.gantry.server.EventLog;
import dev.gantry.server.repo.Repositories;
import dev.gantry.server.repo.WatchedRepository;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * SCHEDULE triggers: each {@link #tick()} asks, for every kept branch of every repository, whether a workflow's
 * cron {@code Expression} (UTC) fired since the previous tick, and starts one run per matched branch. The first
 * tick looks back to when the ticker was made (the server's start): a tick missed while the server was down is not
 * replayed. The clock is injected, so tests move time instead of waiting.
 */
public final class ScheduleTicker {
    private final Repositories repositories;
    private final TriggerDispatch dispatch;
    private final EventLog log;
    private final Clock clock;
    private Instant last;

    public ScheduleTicker(Repositories repositories, TriggerDispatch dispatch, EventLog log, Clock clock) {
        this.repositories = repositories;
        this.dispatch = dispatch;
        this.log = log;
        this.clock = clock;
        this.last = clock.instant();
    }

    /** Looks at the clock and starts the runs whose schedule fired since the previous tick. */
    public synchronized void tick() {
        Instant now = clock.instant();
        if (!now.isAfter(last)) {
            return;
        }
        Instant after = last;
        last = now;
        for (WatchedRepository repo : repositories.all()) {
            for (BranchHead head : repo.mirror().branches()) {
                try {
                    boolean any = dispatch.workflows(repo, head.commit()).stream().anyMatch(w ->
                            w.loaded().workflow() != null && w.loaded().workflow().triggers().stream()
                                    .anyMatch(t -> t.type() == TriggerType.SCHEDULE));
                    if (!any) {
                        continue;
                    }
                    List<TriggerDispatch.Outcome> outcomes = dispatch.dispatch(repo,
                            new ScheduleTick(head.branch(), after, now), head.commit(), "gantry", Map.of());
                    long runs = outcomes.stream().filter(TriggerDispatch.Outcome::runs).count();
                    if (runs > 0) {
                        log.log("repository " + repo.name() + ": schedule on " + head.branch() + ": " + runs
                                + " run(s)");
                    }
                } catch (Exception e) {
                    log.log("repository " + repo.name() + ": schedule on " + head.branch() + " not checked: "
                            + e.getMessage());
                }
            }
        }
    }
}
