package dev.gantry.server.history;

import java.util.List;

/**
 * One action of a run as the history keeps it.
 *
 * @param position  its place in the workflow (for a stable order)
 * @param state     {@code waiting}, {@code queued}, {@code running}, {@code succeeded}, {@code failed}, ...
 * @param runner    the runner it ran on, once known
 * @param dependsOn the actions it waits for (the DAG's edges)
 */
public record ActionRecord(String name, int position, String state, String runner, List<String> dependsOn,
                           String reason, Long startedAt, Long finishedAt) {
    public ActionRecord {
        dependsOn = List.copyOf(dependsOn);
    }
}
