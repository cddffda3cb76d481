package dev.gantry.dsl.validate;

import dev.gantry.engine.action.ActionIdentifier;
import dev.gantry.engine.action.ActionIdentifier.Certainty;
import dev.gantry.engine.model.Action;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the validator reads from the identifier catalog ({@link dev.gantry.engine.action.ActionIdentifiers}), plus
 * the variables {@code aws/cdk-deploy} exports from its own Configuration (reference §3.4).
 */
final class KnownActions {
    private static final Pattern JSON_STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    private KnownActions() {
    }

    /** The variables an action makes available to others, and how complete that list is. */
    record Exports(Set<String> names, Certainty certainty) {
    }

    static Exports exports(Action a) {
        Set<String> names = new LinkedHashSet<>(a.outputs().variables());
        ActionIdentifier kind = a.kind();
        if ("aws/cdk-deploy".equals(kind.name())) {
            // its documented variables hold only with the CloudFormation outputs it is told to expose
            if (!(a.configuration().properties().get("CfnOutputVariables") instanceof String s)) {
                return new Exports(names, Certainty.UNKNOWN);
            }
            Matcher m = JSON_STRING.matcher(s);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        names.addAll(kind.predefinedOutputs());
        return new Exports(names, kind.exports());
    }
}
