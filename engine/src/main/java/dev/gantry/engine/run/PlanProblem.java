package dev.gantry.engine.run;

/**
 * Why a run cannot start, found before anything runs.
 *
 * @param actionId the action concerned, or {@code null}
 * @param path     the model path to point at ({@code /Actions/Build/Configuration/Steps/0/Run}), for line:column
 * @param rule     a stable rule id, e.g. {@code secret-missing}
 * @param message  what is wrong and how to fix it
 */
public record PlanProblem(String actionId, String path, String rule, String message) {
    /** The model path of an action: {@code /Actions/Build}, or {@code /Actions/Group/Actions/Build}. */
    public static String actionPath(dev.gantry.engine.model.Action a) {
        return a.group() == null ? "/Actions/" + a.name() : "/Actions/" + a.group() + "/Actions/" + a.name();
    }
}
