package dev.gantry.server.trigger;

import dev.gantry.engine.trigger.PullRequestEvent;
import dev.gantry.engine.trigger.PushEvent;
import dev.gantry.scm.git.BranchHead;
import dev.gantry.scm.git.BranchMove;
import dev.gantry.scm.git.ScmException;
import dev.gantry.server.EventLog;
import dev.gantry.server.history.HistoryStore;
import dev.gantry.server.latency.StartPhase;
import dev.gantry.server.latency.StartTimeline;
import dev.gantry.server.repo.WatchedRepository;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fetches a repository and starts the runs its branch moves call for. The moves are computed against the heads the
 * server last dispatched (kept in the history database), not against the previous fetch, and a head is recorded
 * only after its runs are: a crash between the two repeats a dispatch rather than losing a push. Polls, push
 * webhooks and the post-receive hook all come here, so a push seen by two of them starts its runs once.
 *
 * <p>The first fetch of a repository the server has never seen records its branches and starts nothing (the log
 * says so): adding a repository does not run every workflow of every branch.
 */
public final class RepositoryUpdates {
    private final HistoryStore history;
    private final TriggerDispatch dispatch;
    private final EventLog log;
    private final Clock clock;

    public RepositoryUpdates(HistoryStore history, TriggerDispatch dispatch, EventLog log, Clock clock) {
        this.history = history;
        this.dispatch = dispatch;
        this.log = log;
        this.clock = clock;
    }

    /** Fetches {@code repo} and dispatches every branch move since the last dispatch; {@code why} is for the log. */
    public List<TriggerDispatch.Outcome> fetchAndDispatch(WatchedRepository repo, String why) {
        return fetchAndDispatch(repo, why, Map.of(), StartTimeline.begin("poll"));
    }

    /**
     * As {@link #fetchAndDispatch(WatchedRepository, String)} for a trigger that says where branches now are
     * ({@code announced}: branch to commit, from a push webhook; may be empty), marking the phases it passes on
     * {@code timeline}. The fetch is left out when it would bring nothing new: a fetch that began after this call
     * has worked meanwhile (webhooks arriving together share one), or the mirror's branches are already where the
     * trigger says.
     */
    public List<TriggerDispatch.Outcome> fetchAndDispatch(WatchedRepository repo, String why,
                                                          Map<String, String> announced, StartTimeline timeline) {
        long asked = repo.fetchesBegun();
        repo.lock().lock();
        try {
            boolean current = repo.fetchedSince(asked) || !announced.isEmpty() && announced.entrySet().stream()
                    .allMatch(e -> repo.mirror().head(e.getKey()).filter(e.getValue()::equals).isPresent());
            if (!current && !fetch(repo, why)) {
                return List.of();
            }
            timeline.mark(StartPhase.FETCHED);
            Map<String, String> known = history.branchHeads(repo.name());
            Map<String, String> now = new HashMap<>();
            for (BranchHead h : repo.mirror().branches()) {
                now.put(h.branch(), h.commit());
            }
            if (known.isEmpty()) {
                now.forEach((branch, commit) -> history.putBranchHead(repo.name(), branch, commit));
                if (!now.isEmpty()) {
                    log.log("repository " + repo.name() + ": first sight of " + now.size() + " branch(es); runs "
                            + "start with the next push");
                }
                return List.of();
            }
            List<TriggerDispatch.Outcome> outcomes = new ArrayList<>();
            List<String> branches = new ArrayList<>(known.keySet());
            now.keySet().stream().filter(b -> !known.containsKey(b)).forEach(branches::add);
            for (String branch : branches.stream().sorted().toList()) {
                String before = known.get(branch);
                String after = now.get(branch);
                if (before != null && before.equals(after)) {
                    continue;
                }
                outcomes.addAll(push(repo, repo.mirror().move(branch, before, after), timeline));
                history.putBranchHead(repo.name(), branch, after);
            }
            return outcomes;
        } catch (Exception e) {
            log.log("repository " + repo.name() + ": cannot dispatch: " + e.getMessage());
            return List.of();
        } finally {
            repo.lock().unlock();
        }
    }

    /** Fetches, then dispatches a pull request event (its files read from the source branch). */
    public List<TriggerDispatch.Outcome> pullRequest(WatchedRepository repo, PullRequestEvent event,
                                                     StartTimeline timeline) {
        repo.lock().lock();
        try {
            fetch(repo, "pull request " + event.number());
            timeline.mark(StartPhase.FETCHED);
            PullRequestEvent complete = repo.mirror().complete(event);
            timeline.mark(StartPhase.CHANGED_FILES);
            List<TriggerDispatch.Outcome> outcomes = dispatch.dispatch(repo, complete, complete.sourceCommit(),
                    "gantry", Map.of(), timeline);
            logOutcomes(repo, "pull request " + event.number() + " " + event.actions(), outcomes);
            return outcomes;
        } catch (Exception e) {
            log.log("repository " + repo.name() + ": pull request " + event.number() + " not dispatched: "
                    + e.getMessage());
            return List.of();
        } finally {
            repo.lock().unlock();
        }
    }

    private boolean fetch(WatchedRepository repo, String why) {
        try {
            long number = repo.beginFetch();
            repo.mirror().fetch();
            repo.fetchWorked(number);
            repo.fetched(clock.millis(), null);
            return true;
        } catch (ScmException e) {
            if (repo.lastError() == null || !repo.lastError().equals(e.getMessage())) {
                log.log("repository " + repo.name() + ": fetch failed (" + why + "): " + e.getMessage());
            }
            repo.fetched(clock.millis(), e.getMessage());
            return false;
        }
    }

    private List<TriggerDispatch.Outcome> push(WatchedRepository repo, BranchMove move, StartTimeline timeline)
            throws Exception {
        if (move.kind() == BranchMove.Kind.DELETED) {
            log.log("repository " + repo.name() + ": branch " + move.branch() + " deleted; nothing runs");
            return List.of();
        }
        PushEvent event = repo.mirror().pushEvent(move);
        timeline.mark(StartPhase.CHANGED_FILES);
        List<TriggerDispatch.Outcome> outcomes = dispatch.dispatch(repo, event, move.after(), "gantry", Map.of(),
                timeline);
        logOutcomes(repo, TriggerDispatch.detail(event, move.after()), outcomes);
        return outcomes;
    }

    private void logOutcomes(WatchedRepository repo, String what, List<TriggerDispatch.Outcome> outcomes) {
        long started = outcomes.stream().filter(TriggerDispatch.Outcome::runs).count();
        StringBuilder line = new StringBuilder("repository " + repo.name() + ": " + what + ": " + started
                + " run(s)");
        for (TriggerDispatch.Outcome o : outcomes) {
            if (!o.runs()) {
                line.append("; ").append(o.workflow() == null ? o.file() : o.workflow()).append(" not: ")
                        .append(o.reason());
            }
        }
        log.log(line.toString());
    }
}
