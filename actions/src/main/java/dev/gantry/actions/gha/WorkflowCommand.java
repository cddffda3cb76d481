package dev.gantry.actions.gha;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A GitHub workflow command printed by a step: {@code ::name key=value,...::data}. Data and property values are
 * unescaped as GitHub does ({@code %25} %, {@code %0D} CR, {@code %0A} LF; in properties also {@code %3A} and
 * {@code %2C}).
 *
 * @param name       the command ({@code set-output}, {@code add-mask}, {@code group}, ...)
 * @param properties the {@code key=value} properties
 * @param data       the text after the second {@code ::}
 */
public record WorkflowCommand(String name, Map<String, String> properties, String data) {
    /** The command on {@code line}, or {@code null} when the line is not one. */
    public static WorkflowCommand parse(String line) {
        String s = line.stripLeading();
        if (!s.startsWith("::")) {
            return null;
        }
        int end = s.indexOf("::", 2);
        if (end < 0) {
            return null;
        }
        String head = s.substring(2, end);
        String data = unescape(s.substring(end + 2), false);
        int space = head.indexOf(' ');
        String name = space < 0 ? head : head.substring(0, space);
        if (name.isEmpty() || !name.matches("[A-Za-z0-9_-]+")) {
            return null;
        }
        Map<String, String> props = new LinkedHashMap<>();
        if (space >= 0) {
            for (String pair : head.substring(space + 1).split(",")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    props.put(pair.substring(0, eq).strip(), unescape(pair.substring(eq + 1), true));
                }
            }
        }
        return new WorkflowCommand(name, props, data);
    }

    private static String unescape(String s, boolean property) {
        String out = s.replace("%0D", "\r").replace("%0A", "\n");
        if (property) {
            out = out.replace("%3A", ":").replace("%2C", ",");
        }
        return out.replace("%25", "%");
    }
}
