package dev.gantry.server.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs, actions, steps and approvals in the {@link Database}. Every write is its own committed transaction, so what
 * was recorded before a crash is there after it.
 */
public final class HistoryStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN_COLUMNS = "id, repository, workflow, workflow_file, branch, commit_sha, "
            + "trigger_type, trigger_detail, started_by, state, reason, variables, rerun_of, created_at, started_at, "
            + "finished_at";

    private final Database db;

    public HistoryStore(Database db) {
        this.db = db;
    }

    /** Records a new run in state {@link RunState#QUEUED}; returns its id. */
    public long createRun(NewRun run, long now) {
        return db.transaction(c -> Database.insert(c, "INSERT INTO runs (repository, workflow, workflow_file, branch, "
                        + "commit_sha, trigger_type, trigger_detail, started_by, state, variables, rerun_of, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                run.repository(), run.workflow(), run.workflowFile(), run.branch(), run.commit(), run.trigger(),
                clip(run.triggerDetail(), 2000), run.startedBy(), RunState.QUEUED.name(),
                toJson(run.variables()), run.rerunOf(), now));
    }

    /** The run moves to {@link RunState#IN_PROGRESS}. */
    public void markStarted(long runId, long now) {
        db.update("UPDATE runs SET state = ?, started_at = ? WHERE id = ? AND state = ?", RunState.IN_PROGRESS.name(),
                now, runId, RunState.QUEUED.name());
    }

    /**
     * The run ends in {@code state} (only if it has not ended already: the first end wins); {@code true} when this
     * call ended it.
     */
    public boolean markFinished(long runId, RunState state, String reason, long now) {
        if (!state.isFinal()) {
            throw new IllegalArgumentException(state + " is not an end state");
        }
        return db.update("UPDATE runs SET state = ?, reason = ?, finished_at = ? WHERE id = ? AND state IN (?, ?)",
                state.name(), clip(reason, 2000), now, runId, RunState.QUEUED.name(),
                RunState.IN_PROGRESS.name()) == 1;
    }

    /** Records (or replaces) what is known of one action of a run. */
    public void putAction(long runId, ActionRecord a) {
        db.transaction(c -> {
            int n = Database.update(c, "UPDATE run_actions SET position = ?, state = ?, runner = ?, depends_on = ?, "
                            + "reason = ?, started_at = ?, finished_at = ? WHERE run_id = ? AND name = ?",
                    a.position(), a.state(), a.runner(), String.join(",", a.dependsOn()), clip(a.reason(), 2000),
                    a.startedAt(), a.finishedAt(), runId, a.name());
            if (n == 0) {
                Database.update(c, "INSERT INTO run_actions (run_id, name, position, state, runner, depends_on, reason, "
                                + "started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", runId, a.name(),
                        a.position(), a.state(), a.runner(), String.join(",", a.dependsOn()), clip(a.reason(), 2000),
                        a.startedAt(), a.finishedAt());
            }
            return null;
        });
    }

    /**
     * Keeps what an action's lifecycle hooks recorded (artifacts, reports, caches: masked JSON) with the action.
     */
    public void putActionDetails(long runId, String action, String json) {
        db.update("UPDATE run_actions SET details = ? WHERE run_id = ? AND name = ?", json, runId, action);
    }

    /** Each action's recorded details (JSON text), by action name; actions with none are left out. */
    public Map<String, String> actionDetails(long runId) {
        Map<String, String> result = new LinkedHashMap<>();
        db.query("SELECT name, details FROM run_actions WHERE run_id = ? AND details IS NOT NULL ORDER BY position, name",
                r -> result.put(r.getString(1), r.getString(2)), runId);
        return result;
    }

    /** Records (or replaces) one step of an action. */
    public void putStep(long runId, StepRecord s) {
        db.transaction(c -> {
            int n = Database.update(c, "UPDATE run_steps SET state = ?, exit_code = ?, started_at = ?, finished_at = ? "
                            + "WHERE run_id = ? AND action = ? AND position = ?", s.state(), s.exitCode(), s.startedAt(),
                    s.finishedAt(), runId, s.action(), s.position());
            if (n == 0) {
                Database.update(c, "INSERT INTO run_steps (run_id, action, position, state, exit_code, started_at, "
                                + "finished_at) VALUES (?, ?, ?, ?, ?, ?, ?)", runId, s.action(), s.position(), s.state(),
                        s.exitCode(), s.startedAt(), s.finishedAt());
            }
            return null;
        });
    }

    /**
     * Records one person's decision at a gate; {@code false} when that person already decided there (a person
     * counts once).
     */
    public boolean addApproval(long runId, ApprovalRecord a) {
        return db.transaction(c -> {
            if (!Database.query(c, "SELECT 1 FROM approvals WHERE run_id = ? AND action = ? AND user_name = ?",
                    r -> 1, runId, a.action(), a.user()).isEmpty()) {
                return false;
            }
            Database.update(c, "INSERT INTO approvals (run_id, action, user_name, decision, comment, at) "
                    + "VALUES (?, ?, ?, ?, ?, ?)", runId, a.action(), a.user(), a.decision(), clip(a.comment(), 2000), a.at());
            return true;
        });
    }

    public List<ApprovalRecord> approvals(long runId) {
        return db.query("SELECT action, user_name, decision, comment, at FROM approvals WHERE run_id = ? ORDER BY at",
                r -> new ApprovalRecord(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getLong(5)),
                runId);
    }

    public Optional<RunRecord> run(long runId) {
        return db.first("SELECT " + RUN_COLUMNS + " FROM runs WHERE id = ?", HistoryStore::run, runId);
    }

    public List<ActionRecord> actions(long runId) {
        return db.query("SELECT name, position, state, runner, depends_on, reason, started_at, finished_at "
                + "FROM run_actions WHERE run_id = ? ORDER BY position, name", r -> new ActionRecord(r.getString(1),
                r.getInt(2), r.getString(3), r.getString(4), split(r.getString(5)), r.getString(6),
                Database.nullableLong(r, "started_at"), Database.nullableLong(r, "finished_at")), runId);
    }

    public List<StepRecord> steps(long runId) {
        return db.query("SELECT action, position, state, exit_code, started_at, finished_at FROM run_steps "
                + "WHERE run_id = ? ORDER BY action, position", r -> {
                    int exit = r.getInt(4);
                    Integer exitCode = r.wasNull() ? null : exit;
                    return new StepRecord(r.getString(1), r.getInt(2), r.getString(3), exitCode,
                            Database.nullableLong(r, "started_at"), Database.nullableLong(r, "finished_at"));
                }, runId);
    }

    /** One page of runs, newest first. */
    public List<RunRecord> list(RunQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + RUN_COLUMNS + " FROM runs WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        filter(sql, params, "repository", q.repository());
        filter(sql, params, "workflow", q.workflow());
        filter(sql, params, "branch", q.branch());
        filter(sql, params, "state", q.state() == null ? null : q.state().name());
        if (q.before() != null) {
            sql.append(" AND id < ?");
            params.add(q.before());
        }
        sql.append(" ORDER BY id DESC LIMIT ").append(q.limit());
        return db.query(sql.toString(), HistoryStore::run, params.toArray());
    }

    /** Runs in {@code state}, oldest first (start-up: what was queued or in progress when the server stopped). */
    public List<RunRecord> inState(RunState state) {
        return db.query("SELECT " + RUN_COLUMNS + " FROM runs WHERE state = ? ORDER BY id", HistoryStore::run,
                state.name());
    }

    /** How many runs are in each state. */
    public Map<RunState, Long> countByState() {
        Map<RunState, Long> counts = new LinkedHashMap<>();
        for (RunState s : RunState.values()) {
            counts.put(s, 0L);
        }
        db.query("SELECT state, COUNT(*) FROM runs GROUP BY state", r -> counts.put(RunState.parse(r.getString(1)),
                r.getLong(2)));
        return counts;
    }

    /**
     * Retention: the ids of finished runs older than {@code cutoff}, or beyond the newest {@code keepPerWorkflow}
     * of their workflow (either limit may be absent).
     */
    public List<Long> expired(Long cutoff, Integer keepPerWorkflow) {
        List<Long> ids = new ArrayList<>();
        String finished = " state NOT IN ('" + RunState.QUEUED.name() + "', '" + RunState.IN_PROGRESS.name() + "')";
        if (cutoff != null) {
            ids.addAll(db.query("SELECT id FROM runs WHERE created_at < ? AND" + finished, r -> r.getLong(1), cutoff));
        }
        if (keepPerWorkflow != null) {
            List<String[]> workflows = db.query("SELECT DISTINCT repository, workflow FROM runs",
                    r -> new String[] {r.getString(1), r.getString(2)});
            for (String[] w : workflows) {
                ids.addAll(db.query("SELECT id FROM runs WHERE repository = ? AND workflow = ? AND" + finished
                                + " ORDER BY id DESC OFFSET " + keepPerWorkflow + " ROWS", r -> r.getLong(1), w[0],
                        w[1]));
            }
        }
        return ids.stream().distinct().sorted().toList();
    }

    /** Deletes a run and everything recorded with it. */
    public void delete(long runId) {
        db.transaction(c -> {
            for (String table : List.of("approvals", "run_steps", "run_actions")) {
                Database.update(c, "DELETE FROM " + table + " WHERE run_id = ?", runId);
            }
            return Database.update(c, "DELETE FROM runs WHERE id = ?", runId);
        });
    }

    /** The last commit the server saw on a branch (to know what a poll moved). */
    public Optional<String> branchHead(String repository, String branch) {
        return db.first("SELECT commit_sha FROM branch_heads WHERE repository = ? AND branch = ?",
                r -> r.getString(1), repository, branch);
    }

    /** Every branch head remembered for {@code repository}. */
    public Map<String, String> branchHeads(String repository) {
        Map<String, String> heads = new LinkedHashMap<>();
        db.query("SELECT branch, commit_sha FROM branch_heads WHERE repository = ? ORDER BY branch",
                r -> heads.put(r.getString(1), r.getString(2)), repository);
        return heads;
    }

    /** Remembers a branch head; {@code commit == null} forgets the branch (it was deleted). */
    public void putBranchHead(String repository, String branch, String commit) {
        db.transaction(c -> {
            Database.update(c, "DELETE FROM branch_heads WHERE repository = ? AND branch = ?", repository, branch);
            if (commit != null) {
                Database.update(c, "INSERT INTO branch_heads (repository, branch, commit_sha) VALUES (?, ?, ?)",
                        repository, branch, commit);
            }
            return null;
        });
    }

    private static void filter(StringBuilder sql, List<Object> params, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            params.add(value);
        }
    }

    private static RunRecord run(ResultSet r) throws SQLException {
        return new RunRecord(r.getLong("id"), r.getString("repository"), r.getString("workflow"),
                r.getString("workflow_file"), r.getString("branch"), r.getString("commit_sha"),
                r.getString("trigger_type"), r.getString("trigger_detail"), r.getString("started_by"),
                RunState.parse(r.getString("state")), r.getString("reason"), fromJson(r.getString("variables")),
                Database.nullableLong(r, "rerun_of"), r.getLong("created_at"), Database.nullableLong(r, "started_at"),
                Database.nullableLong(r, "finished_at"));
    }

    private static List<String> split(String text) {
        return text == null || text.isEmpty() ? List.of() : Arrays.asList(text.split(","));
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static String toJson(Map<String, String> variables) {
        try {
            return JSON.writeValueAsString(variables);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> fromJson(String text) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        try {
            return JSON.readValue(text, new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }
}
