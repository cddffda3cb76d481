package dev.gantry.server.history;

import java.util.Map;

/** What the history needs to record a run before it starts (see {@link RunRecord} for the fields). */
public record NewRun(String repository, String workflow, String workflowFile, String branch, String commit,
                     String trigger, String triggerDetail, String startedBy, Map<String, String> variables,
                     Long rerunOf) {
    public NewRun {
        variables = Map.copyOf(variables);
    }
}
