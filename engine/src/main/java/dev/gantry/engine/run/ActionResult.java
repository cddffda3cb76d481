package dev.gantry.engine.run;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one action of a run ended. In events and reports every string is already masked.
 *
 * @param actionId   qualified action id
 * @param status     final status
 * @param runner     the runner's name, or {@code null} when it never got one
 * @param started    when it started, or {@code null} when it never did
 * @param finished   when it ended (skipped actions: when they were skipped)
 * @param exitCode   the failing step's exit status, 0 on success, {@code null} when not applicable
 * @param failedStep 1-based failing step, 0 when none
 * @param message    why it did not succeed (or a note), or {@code null}
 * @param outputs    captured output variables
 * @param details    facts recorded by lifecycle hooks (see {@link ActionScope#record})
 * @param summary    short notes for the summary table (see {@link ActionScope#addSummary})
 */
public record ActionResult(String actionId, ActionStatus status, String runner, Instant started, Instant finished,
                           Integer exitCode, int failedStep, String message, Map<String, String> outputs,
                           Map<String, Object> details, List<String> summary) {
    public ActionResult {
        outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
        summary = List.copyOf(summary);
    }

    /** A result for an action that never started. */
    public static ActionResult skipped(String actionId, String why, Instant at) {
        return new ActionResult(actionId, ActionStatus.SKIPPED, null, null, at, null, 0, why, Map.of(), Map.of(),
                List.of());
    }

    /** How long it ran, or zero when it never started. */
    public Duration duration() {
        return started == null || finished == null ? Duration.ZERO : Duration.between(started, finished);
    }

    ActionResult masked(SecretMasker m) {
        Map<String, String> out = new LinkedHashMap<>();
        outputs.forEach((k, v) -> out.put(k, m.mask(v)));
        return new ActionResult(actionId, status, runner, started, finished, exitCode, failedStep, m.mask(message),
                out, maskAll(details, m), summary.stream().map(m::mask).toList());
    }

    @SuppressWarnings("unchecked")
    static <T> T maskAll(T value, SecretMasker m) {
        if (value instanceof String s) {
            return (T) m.mask(s);
        } else if (value instanceof List<?> list) {
            return (T) list.stream().map(v -> maskAll(v, m)).toList();
        } else if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, maskAll(v, m)));
            return (T) Collections.unmodifiableMap(copy);
        }
        return value;
    }
}
