package dev.gantry.actions.aws;

/**
 * The STS role session name of an action: {@code gantry-<workflow>-<action>}, so CloudTrail shows which workflow
 * and action used a role. Characters STS does not allow (outside {@code [A-Za-z0-9+=,.@_-]}) become {@code -}, and
 * the name is cut to STS's 64 characters, shortening the workflow part first.
 */
public final class RoleSessionName {
    /** STS's limit on {@code RoleSessionName}. */
    public static final int MAX_LENGTH = 64;
    private static final String PREFIX = "gantry-";

    private RoleSessionName() {
    }

    /** The session name for {@code actionId} (qualified: {@code Group.Action}) of the workflow {@code workflow}. */
    public static String of(String workflow, String actionId) {
        String w = sanitise(workflow == null || workflow.isBlank() ? "workflow" : workflow);
        String a = sanitise(actionId == null || actionId.isBlank() ? "action" : actionId);
        int budget = MAX_LENGTH - PREFIX.length() - 1;
        if (w.length() + a.length() > budget) {
            int actionRoom = Math.max(budget - w.length(), budget / 2);
            a = a.substring(0, Math.min(a.length(), actionRoom));
            w = w.substring(0, Math.min(w.length(), budget - a.length()));
        }
        return PREFIX + w + "-" + a;
    }

    private static String sanitise(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || "+=,.@_-".indexOf(c) >= 0;
            sb.append(ok ? c : '-');
        }
        return sb.toString();
    }
}
