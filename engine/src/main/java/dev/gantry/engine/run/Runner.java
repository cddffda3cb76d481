package dev.gantry.engine.run;

/**
 * Where the steps of an action run: the runner SPI. Implementations live in the {@code runners} module
 * ({@code local}: bash on this machine; later {@code container} and {@code ssh}).
 *
 * <p>The executor calls {@link #runSteps} on a thread of its own, at most {@link #capacity()} times at once per
 * runner, after it has prepared the action's workspace and environment and run every
 * {@link ActionLifecycle#beforeSteps} hook. The contract:
 * <ul>
 *   <li>Run {@link StepsJob#steps()} in order in ONE bash shell per action (state carries across steps), with
 *       exactly {@link StepsJob#environment()} as the environment, in {@link StepsJob#workingDirectory()}, with
 *       stdin not a terminal. See {@code docs/run.md} for the step semantics every runner must keep.</li>
 *   <li>Report progress through {@link JobEvents}: each step's start and end, and every output line (stdout and
 *       stderr merged, one call per complete line, without the line break). Masking is the executor's job.</li>
 *   <li>After the last step succeeded, capture the values of {@link StepsJob#outputVariables()} exactly.</li>
 *   <li>When {@code cancellation} fires (timeout, fail-fast, Ctrl-C), end the action's whole process tree promptly
 *       and return a result with {@link StepsResult.Outcome#CANCELLED}. Also end anything the steps left running
 *       when the shell exits.</li>
 *   <li>Export {@link #TEMP_VARIABLE} to the steps: a private folder (mode 700) for temporary files, inside
 *       {@link StepsJob#scratchDirectory()} as the shell sees it, so that it goes when the job's place goes (at the
 *       action's end, on cancel and timeout, and in the sweep after a crash), never left in {@code /tmp}.</li>
 *   <li>When this method returns, the local workspace ({@link StepsJob#workspace()}) holds the files the steps left
 *       (a remote runner copies them back), so that {@link ActionLifecycle#afterSteps} hooks can read them.</li>
 * </ul>
 */
public interface Runner extends AutoCloseable {
    /**
     * The variable naming the job's private temporary folder, as the steps see it (GitHub's {@code RUNNER_TEMP}
     * for a whole action): what Gantry itself writes for a step (a GitHub step's script and files) goes there, and
     * steps may use it too. Documented in {@code docs/run.md}.
     */
    String TEMP_VARIABLE = "GANTRY_ACTION_TEMP";

    /** A unique name, shown in the plan and the summary, e.g. {@code local}. */
    String name();

    /** The kind: {@code local}, {@code container}, {@code ssh}, ... */
    String kind();

    /** What this runner offers, for routing. */
    RunnerLabels labels();

    /** How many actions it runs at once. */
    int capacity();

    /**
     * Runs the steps of one action and blocks until they are done or cancelled.
     *
     * @throws InterruptedException only if the calling thread is interrupted (the executor does not do that; it
     *                              uses {@code cancellation})
     */
    StepsResult runSteps(StepsJob job, JobEvents events, Cancellation cancellation) throws InterruptedException;

    /**
     * Called once when the run is over, after every {@link #runSteps} returned: finish background clean-up (what
     * steps left running), close connections. The default does nothing.
     */
    @Override
    default void close() {
    }
}
