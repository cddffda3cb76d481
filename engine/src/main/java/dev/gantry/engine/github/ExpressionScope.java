package dev.gantry.engine.github;

import java.util.List;
import java.util.Map;

/**
 * What an expression is evaluated against: the contexts by name ({@code github}, {@code env}, {@code steps}, ...;
 * objects as {@link ExpressionValues} describes), the job's status for {@code success()}, {@code failure()} and
 * {@code cancelled()}, and {@code hashFiles}.
 *
 * @param contexts   context name (lower case) to its value
 * @param failed     whether an earlier step failed (without {@code continue-on-error})
 * @param cancelled  whether the action is being cancelled
 * @param hashFiles  computes {@code hashFiles(patterns...)}
 */
public record ExpressionScope(Map<String, Object> contexts, boolean failed, boolean cancelled, FileHasher hashFiles) {
    public ExpressionScope {
        contexts = Map.copyOf(contexts);
    }

    /** GitHub's {@code hashFiles}: a SHA-256 over the files the patterns match, or empty when none match. */
    @FunctionalInterface
    public interface FileHasher {
        String hash(List<String> patterns) throws ExpressionException;
    }
}
