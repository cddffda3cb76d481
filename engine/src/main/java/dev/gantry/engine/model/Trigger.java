package dev.gantry.engine.model;

import java.util.List;

/**
 * One entry of {@code Triggers}.
 *
 * @param type         the trigger type
 * @param branches     {@code Branches} regular expressions (empty: all branches)
 * @param filesChanged {@code FilesChanged} regular expressions (PUSH and PULLREQUEST only)
 * @param events       {@code Events}, upper-cased (PULLREQUEST only)
 * @param expression   {@code Expression}, the six-field cron (SCHEDULE only), or {@code null}
 */
public record Trigger(TriggerType type, List<String> branches, List<String> filesChanged, List<String> events,
                      String expression) {
    public Trigger {
        branches = List.copyOf(branches);
        filesChanged = List.copyOf(filesChanged);
        events = List.copyOf(events);
    }
}
