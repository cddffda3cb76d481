package dev.gantry.server.front;

import dev.gantry.runners.routing.RunnerPool;
import dev.gantry.server.EventLog;
import dev.gantry.server.auth.TokenStore;
import dev.gantry.server.history.HistoryStore;
import dev.gantry.server.repo.Repositories;
import dev.gantry.server.runs.RunControl;
import dev.gantry.server.runs.RunFiles;
import dev.gantry.server.trigger.TriggerDispatch;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * The services the HTTP API answers from, handed to a {@link ServerFront} (the web pages) so it reads and acts
 * through the same layer, never through a second copy of the server's knowledge.
 *
 * @param anonymousRead whether callers without a token may read
 * @param runners       the run service's runner pool (asked when first needed: it probes the host)
 */
public record ServerServices(HistoryStore history, Repositories repositories, TriggerDispatch dispatch,
                             RunControl runs, RunFiles files, TokenStore tokens, boolean anonymousRead,
                             Supplier<RunnerPool> runners, Clock clock, EventLog log) {
}
