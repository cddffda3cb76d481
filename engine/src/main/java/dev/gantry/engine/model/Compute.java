package dev.gantry.engine.model;

/**
 * {@code Compute} at workflow or action level.
 *
 * @param type           EC2 or Lambda
 * @param fleet          the fleet name as written, or {@code null} for the default ({@code Linux.x86-64.Large})
 * @param sharedInstance {@code SharedInstance} (workflow level only), or {@code null} when absent
 */
public record Compute(ComputeType type, String fleet, Boolean sharedInstance) {
    /** The service's default fleet. */
    public static final String DEFAULT_FLEET = "Linux.x86-64.Large";

    /** The fleet that runs, with the default applied. */
    public String effectiveFleet() {
        return fleet == null ? DEFAULT_FLEET : fleet;
    }
}
