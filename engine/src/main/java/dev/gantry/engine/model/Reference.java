package dev.gantry.engine.model;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A workflow reference inside a string: {@code ${Producer.Name}} where the producer path may have dots
 * ({@code ${Group.Action.Var}}). {@code ${NAME}} without a dot is the shell's and is not a reference.
 *
 * @param text     the whole reference as written, e.g. {@code ${Build.IMAGE}}
 * @param producer everything before the last dot: {@code WorkflowSource}, {@code Secrets}, {@code Build},
 *                 {@code Group.Build}
 * @param name     after the last dot: the variable, secret or predefined value name
 * @param start    index of {@code $} in the scanned string
 * @param end      index just past the closing brace
 */
public record Reference(String text, String producer, String name, int start, int end) {
    /** The reference pattern the service (and AWS's runner) use. */
    public static final Pattern PATTERN =
            Pattern.compile("\\$\\{([A-Za-z0-9.@\\-_]+)\\.([A-Za-z0-9@\\-_]+)}");

    public static final String WORKFLOW_SOURCE = "WorkflowSource";
    public static final String SECRETS = "Secrets";

    /** Every reference in {@code text}, in order. */
    public static List<Reference> findAll(String text) {
        List<Reference> found = new ArrayList<>();
        if (text == null || text.indexOf("${") < 0) {
            return found;
        }
        Matcher m = PATTERN.matcher(text);
        while (m.find()) {
            found.add(new Reference(m.group(), m.group(1), m.group(2), m.start(), m.end()));
        }
        return found;
    }

    public boolean isSecret() {
        return SECRETS.equals(producer);
    }

    public boolean isWorkflowSource() {
        return WORKFLOW_SOURCE.equals(producer);
    }

    /** A reference to another action's output variable (not a secret, not the workflow source). */
    public boolean isActionOutput() {
        return !isSecret() && !isWorkflowSource();
    }
}
