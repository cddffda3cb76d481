package dev.gantry.web.workflow;

import dev.gantry.engine.model.Trigger;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A trigger in words for the workflow page: "on push to main when src/.* changes", "on pull request (OPEN,
 * REVISION) into main", "weekdays at 02:00 UTC" (common cron shapes; others as "on schedule cron(...) UTC").
 */
public final class TriggerWords {
    private static final Map<String, String> DAYS = Map.of("MON-FRI", "weekdays", "2-6", "weekdays", "*", "every day",
            "?", "every day", "SAT,SUN", "weekends", "1,7", "weekends");

    private TriggerWords() {
    }

    public static String describe(Trigger t) {
        return switch (t.type()) {
            case PUSH -> "on push" + branches(" to ", t.branches()) + files(t.filesChanged());
            case PULLREQUEST -> "on pull request" + (t.events().isEmpty() ? "" : " (" + String.join(", ",
                    t.events().stream().map(e -> e.toLowerCase(Locale.ROOT)).toList()) + ")")
                    + branches(" into ", t.branches()) + files(t.filesChanged());
            case SCHEDULE -> schedule(t.expression()) + branches(" on ", t.branches());
            case MANUAL -> "when someone starts it";
        };
    }

    private static String branches(String word, List<String> branches) {
        return branches.isEmpty() ? (word.equals(" on ") ? "" : " to any branch").replace(" to any branch",
                word.equals(" to ") ? " to any branch" : " (any branch)") : word + String.join(" or ", branches);
    }

    private static String files(List<String> files) {
        return files.isEmpty() ? "" : " when " + String.join(" or ", files) + " changes";
    }

    static String schedule(String expression) {
        if (expression == null) {
            return "on schedule";
        }
        String e = expression.trim();
        if (e.startsWith("cron(") && e.endsWith(")")) {
            e = e.substring(5, e.length() - 1).trim();
        }
        String[] f = e.split("\\s+");
        if (f.length == 6 && f[0].matches("\\d{1,2}") && f[1].matches("\\d{1,2}") && (f[2].equals("?")
                || f[2].equals("*")) && f[3].equals("*") && (f[5].equals("*") || f[5].equals("?"))) {
            String days = DAYS.get(f[4].toUpperCase(Locale.ROOT));
            String time = String.format("%02d:%02d UTC", Integer.parseInt(f[1]), Integer.parseInt(f[0]));
            if (days != null) {
                return days + " at " + time;
            }
            return "on " + f[4] + " at " + time;
        }
        return "on schedule cron(" + e + ") UTC";
    }
}
