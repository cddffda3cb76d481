package dev.gantry.actions.aws;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an action's AWS environment adds to its steps' environment.
 *
 * @param environment  the workflow environment's name, or {@code null} when the action has none
 * @param mapped       whether {@code gantry.yaml} (or {@code --environment}) maps it
 * @param variables    variables to set: {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY},
 *                     {@code AWS_SESSION_TOKEN}, {@code AWS_REGION}, {@code AWS_DEFAULT_REGION},
 *                     {@code AWS_ENDPOINT_URL} — minus those the action declares in {@code Inputs.Variables}
 * @param unset        host credential variables to remove so they cannot mix with these ({@code AWS_PROFILE}, a
 *                     stale {@code AWS_SESSION_TOKEN}, ...)
 * @param secretValues values to mask everywhere (the key id, secret key and session token)
 * @param identity     the ARN the steps act as when known (the assumed role's session), else {@code null}
 * @param notice       a one-line note for the action's log, or {@code null}
 */
public record AwsStepEnvironment(String environment, boolean mapped, Map<String, String> variables,
                                 Set<String> unset, Set<String> secretValues, String identity, String notice) {
    /** Nothing to add: the action has no {@code Environment}. */
    public static final AwsStepEnvironment NONE = new AwsStepEnvironment(null, false, Map.of(), Set.of(), Set.of(),
            null, null);

    public AwsStepEnvironment {
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        unset = Set.copyOf(unset);
        secretValues = Set.copyOf(secretValues);
    }

    /** The variable names set, in order (for plans and records: never the values). */
    public List<String> variableNames() {
        return List.copyOf(variables.keySet());
    }

    @Override
    public String toString() {
        return "AwsStepEnvironment[" + environment + ", mapped=" + mapped + ", variables=" + variables.keySet()
                + ", identity=" + identity + "]";
    }
}
