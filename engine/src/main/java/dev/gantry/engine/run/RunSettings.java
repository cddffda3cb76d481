package dev.gantry.engine.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to run a plan.
 *
 * @param runId           the run's id
 * @param runDirectory    the run's folder ({@code .gantry/runs/<run-id>/}); actions get {@code work/<id>/} and
 *                        {@code tmp/<id>/} under it
 * @param concurrency     how many actions run at once, at most (at least 1)
 * @param failFast        cancel everything on the first failure
 * @param timeoutUnit     how long one minute of {@code Timeout} lasts: one minute, except in tests
 * @param baseEnvironment the host part of every step environment ({@link StepEnvironment#fromHost})
 * @param scratchRoot     where each action's private scratch folder is made ({@code <scratchRoot>/<id>/}); by
 *                        default {@code <runDirectory>/tmp}, better a memory file system (secrets never reach disk)
 * @param keep            keep what the steps ran in for debugging ({@code --keep}): runners leave their containers
 *                        (see {@link StepsJob#keep()}); scratch folders are removed all the same
 */
public record RunSettings(String runId, Path runDirectory, int concurrency, boolean failFast, Duration timeoutUnit,
                          Map<String, String> baseEnvironment, Path scratchRoot, boolean keep) {
    /** The service's limit on the total size of one action's output variables (names and values, UTF-8). */
    public static final int OUTPUT_VARIABLES_LIMIT_BYTES = 120 * 1024;

    public RunSettings {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        baseEnvironment = Collections.unmodifiableMap(new LinkedHashMap<>(baseEnvironment));
        if (scratchRoot == null) {
            scratchRoot = runDirectory.resolve("tmp");
        }
    }

    /** Settings that keep nothing for debugging. */
    public RunSettings(String runId, Path runDirectory, int concurrency, boolean failFast, Duration timeoutUnit,
                       Map<String, String> baseEnvironment, Path scratchRoot) {
        this(runId, runDirectory, concurrency, failFast, timeoutUnit, baseEnvironment, scratchRoot, false);
    }

    /** Settings with the default scratch root, {@code <runDirectory>/tmp}. */
    public RunSettings(String runId, Path runDirectory, int concurrency, boolean failFast, Duration timeoutUnit,
                       Map<String, String> baseEnvironment) {
        this(runId, runDirectory, concurrency, failFast, timeoutUnit, baseEnvironment, null, false);
    }
}
