package dev.gantry.server.history;

import java.util.Map;

/**
 * One run as the history keeps it. Times are milliseconds since the epoch ({@code null} when not reached).
 *
 * @param trigger       {@code PUSH}, {@code PULLREQUEST}, {@code SCHEDULE}, {@code MANUAL} or {@code RERUN}
 * @param triggerDetail what fired it, for people (e.g. {@code push main 1a2b3c..4d5e6f})
 * @param startedBy     the user or token name, or {@code gantry} for triggers
 * @param reason        why it ended as it did when that is not obvious (e.g. {@code stopped by alice})
 * @param rerunOf       the run this one repeats, or {@code null}
 */
public record RunRecord(long id, String repository, String workflow, String workflowFile, String branch,
                        String commit, String trigger, String triggerDetail, String startedBy, RunState state,
                        String reason, Map<String, String> variables, Long rerunOf, long createdAt, Long startedAt,
                        Long finishedAt) {
    public RunRecord {
        variables = Map.copyOf(variables);
    }
}
