package dev.gantry.server.gates;

import dev.gantry.actions.approval.Approver;
import dev.gantry.server.EventLog;
import dev.gantry.server.history.ApprovalRecord;
import dev.gantry.server.history.HistoryStore;

import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The server's {@link Approver}: an {@code aws/approval@v1} gate waits here until {@code ApprovalsRequired}
 * distinct people approve through the API, or one rejects (the run stops at the gate). Each decision is recorded in
 * the history first, so the run page shows the approvals so far.
 */
public final class GateDesk implements Approver {
    private final HistoryStore history;
    private final EventLog log;
    private final Clock clock;
    private final Map<GateKey, Waiting> waiting = new HashMap<>();

    public GateDesk(HistoryStore history, EventLog log, Clock clock) {
        this.history = history;
        this.log = log;
        this.clock = clock;
    }

    /** A gate of a run. */
    public record GateKey(String runId, String action) {
    }

    private static final class Waiting {
        final int required;
        final Set<String> approvedBy = new LinkedHashSet<>();
        String rejectedBy;
        String rejectComment;

        Waiting(int required) {
            this.required = required;
        }
    }

    /** What a decision through the API did. */
    public enum Result { RECORDED, NOT_WAITING, ALREADY_DECIDED }

    @Override
    public Decision decide(Request request) throws InterruptedException {
        GateKey key = new GateKey(request.runId(), request.actionId());
        Waiting w = new Waiting(request.approvals());
        synchronized (this) {
            waiting.put(key, w);
        }
        log.log("run " + request.runId() + " waits at gate " + request.actionId() + " for " + request.approvals()
                + " approval(s)");
        Runnable unregister = request.cancellation().onCancel(() -> {
            synchronized (this) {
                notifyAll();
            }
        });
        try {
            synchronized (this) {
                while (true) {
                    if (w.rejectedBy != null) {
                        return new Decision(false, "rejected by " + w.rejectedBy
                                + (w.rejectComment == null ? "" : ": " + w.rejectComment));
                    }
                    if (w.approvedBy.size() >= w.required) {
                        return new Decision(true, "approved by " + String.join(", ", w.approvedBy));
                    }
                    if (request.cancellation().isCancelled()) {
                        return new Decision(false, "the run was stopped while waiting for approval");
                    }
                    wait(1_000);
                }
            }
        } finally {
            unregister.run();
            synchronized (this) {
                waiting.remove(key);
            }
        }
    }

    /** Records {@code user}'s decision at a gate a run is waiting at. */
    public Result decide(String runId, String action, String user, boolean approve, String comment) {
        GateKey key = new GateKey(runId, action);
        synchronized (this) {
            Waiting w = waiting.get(key);
            if (w == null) {
                return Result.NOT_WAITING;
            }
            if (!history.addApproval(Long.parseLong(runId), new ApprovalRecord(action, user,
                    approve ? "approve" : "reject", comment, clock.millis()))) {
                return Result.ALREADY_DECIDED;
            }
            if (approve) {
                w.approvedBy.add(user);
            } else {
                w.rejectedBy = user;
                w.rejectComment = comment;
            }
            notifyAll();
        }
        log.log("run " + runId + " gate " + action + ": " + (approve ? "approved" : "rejected") + " by " + user);
        return Result.RECORDED;
    }

    /** The approvals a waiting gate still needs, if the run waits there. */
    public synchronized Optional<Integer> stillNeeded(String runId, String action) {
        Waiting w = waiting.get(new GateKey(runId, action));
        return w == null ? Optional.empty() : Optional.of(w.required - w.approvedBy.size());
    }

    /** The gates a run waits at now. */
    public synchronized List<String> waitingGates(String runId) {
        return waiting.keySet().stream().filter(k -> k.runId().equals(runId)).map(GateKey::action).sorted().toList();
    }
}
