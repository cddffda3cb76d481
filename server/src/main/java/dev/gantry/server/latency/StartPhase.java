package dev.gantry.server.latency;

/**
 * The steps between a trigger's arrival (a webhook accepted, a poll begun, an API call) and its run's first step,
 * in the order they happen. Each phase's time is from the previous phase reached to this one.
 */
public enum StartPhase {
    /** The delivery id is remembered (a database write): a redelivery starts nothing twice. */
    DELIVERY_RECORDED("delivery recorded"),
    /** The mirror has the pushed commit (fetched, or found already there). */
    FETCHED("git fetch"),
    /** The pushed commit's changed files are known (for {@code FilesChanged}). */
    CHANGED_FILES("changed files computed"),
    /** The workflow files at the commit are read and validated (or found in the cache by blob id). */
    WORKFLOWS_READ("workflow files read"),
    /** The trigger matcher decided (changed files computed, branch and path filters applied). */
    MATCHED("trigger match"),
    /** The run is recorded Queued in the database (committed). */
    QUEUED("run queued in DB"),
    /** The run's workspace is written from the commit. */
    WORKSPACE("workspace materialized"),
    /** The run service planned the run and its executor began (its {@code RunStarted} event). */
    RUN_STARTED("run planned and begun"),
    /** The first action passed its RunMode queue and took a runner slot (its {@code ActionStarted} event). */
    ACTION_STARTED("action started on its runner"),
    /** The runner's shell reported the first step begun (its {@code StepStarted} event). */
    STEP_STARTED("first step reported");

    private final String label;

    StartPhase(String label) {
        this.label = label;
    }

    /** The phase for people (the bench's table, docs). */
    public String label() {
        return label;
    }

    /** The phase as a metric tag: {@code run_started}. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
