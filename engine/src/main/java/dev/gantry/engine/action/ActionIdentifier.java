package dev.gantry.engine.action;

import java.util.List;

/**
 * What the CodeCatalyst reference says one action {@code Identifier} is (reference §2.1, §2.5, §3.4), whether or not
 * Gantry can run it: the shape of its {@code Configuration}, whether it is a gate, its {@code Timeout} range, what it
 * exports. What Gantry <em>does</em> for it is the actions module's {@code ActionRegistry}.
 *
 * @param name              the identifier without its version, e.g. {@code aws/build}
 * @param configuration     how its {@code Configuration} is shaped
 * @param gate              whether it is a gate ({@code aws/approval})
 * @param dockerBased       whether it runs in Docker (so never on Lambda compute)
 * @param oneKindOfInput    whether it takes a source or artifacts, not both
 * @param predefinedOutputs the output variables it makes available besides {@code Outputs.Variables} (documented
 *                          list, may be incomplete), empty when none are known
 * @param exports           how sure the list of variables it exports is
 */
public record ActionIdentifier(String name, ConfigurationShape configuration, boolean gate, boolean dockerBased,
                               boolean oneKindOfInput, List<String> predefinedOutputs, Certainty exports) {
    /** {@code Timeout}'s lower bound, minutes (every action). */
    public static final int MIN_TIMEOUT_MINUTES = 5;
    /** Build and test actions' default and maximum {@code Timeout}, minutes. */
    public static final int STEPS_TIMEOUT_MINUTES = 480;
    /** Other actions' default and maximum {@code Timeout}, minutes. */
    public static final int OTHER_TIMEOUT_MINUTES = 60;

    public ActionIdentifier {
        predefinedOutputs = List.copyOf(predefinedOutputs);
    }

    /** How an action's {@code Configuration} is shaped. */
    public enum ConfigurationShape {
        /** {@code Steps} of {@code Run} commands run in bash, {@code Container}, {@code Packages}. */
        SHELL_STEPS,
        /** {@code Steps} are GitHub Actions step objects ({@code aws/github-actions-runner}). */
        GITHUB_STEPS,
        /** Free-form properties. */
        PROPERTIES
    }

    /** How complete the list of variables an action exports is. */
    public enum Certainty {
        /** Complete: referencing anything else is an error. */
        EXACT,
        /** The documented list, which may miss some: referencing anything else is a warning. */
        DOCUMENTED,
        /** Unknown (custom, partner and Labs actions): no check. */
        UNKNOWN
    }

    /** Whether its steps are shell commands run on a runner ({@code aws/build}, {@code aws/managed-test}). */
    public boolean runsShellSteps() {
        return configuration == ConfigurationShape.SHELL_STEPS;
    }

    /** Its default and maximum {@code Timeout}, minutes. */
    public int maxTimeoutMinutes() {
        return runsShellSteps() ? STEPS_TIMEOUT_MINUTES : OTHER_TIMEOUT_MINUTES;
    }
}
