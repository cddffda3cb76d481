package dev.gantry.dsl.validate;

import dev.gantry.engine.diagnostic.SourcePosition;
import dev.gantry.engine.model.Trigger;
import dev.gantry.engine.model.TriggerType;
import dev.gantry.engine.diagnostic.Severity;
import dev.gantry.engine.trigger.CronExpression;

import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Triggers (reference §1.5).
 *
 * <ul>
 *   <li>{@code schedule-duplicate} (error): more than one SCHEDULE trigger.</li>
 *   <li>{@code cron} (error): an invalid six-field EventBridge cron expression, pointing at the offending field
 *       when the loader recorded where the expression's text starts.</li>
 *   <li>{@code cron-frequency} (warning): runs more often than every 30 minutes, which the service does not
 *       support.</li>
 *   <li>{@code trigger-regex}: a {@code Branches}/{@code FilesChanged} entry that is not a valid regular
 *       expression (error), or that looks like a glob ({@code release/*}) and so matches something else than
 *       meant (warning).</li>
 *   <li>{@code pullrequest-event} (warning): DRAFT and MERGED, which only the SDK schema lists.</li>
 * </ul>
 */
final class TriggerRule implements Rule {
    static final int MIN_INTERVAL_MINUTES = 30;
    private static final Pattern GLOB_STAR = Pattern.compile("(^|/)\\*");

    @Override
    public void check(ValidationContext ctx) {
        List<Trigger> triggers = ctx.workflow().triggers();
        int schedules = 0;
        for (int i = 0; i < triggers.size(); i++) {
            Trigger t = triggers.get(i);
            String base = "/Triggers/" + i;
            if (t.type() == TriggerType.SCHEDULE) {
                schedules++;
                if (schedules == 2) {
                    ctx.errorOnce(ctx.at(base + "/Type"), "schedule-duplicate", "a workflow can have only one SCHEDULE "
                            + "trigger; merge the schedules into one expression or use another workflow");
                }
                if (t.expression() != null) {
                    cron(ctx, base + "/Expression", t.expression());
                }
            }
            patterns(ctx, base + "/Branches/", t.branches(), "branch");
            patterns(ctx, base + "/FilesChanged/", t.filesChanged(), "file path");
            for (int j = 0; j < t.events().size(); j++) {
                String e = t.events().get(j);
                if ("DRAFT".equals(e) || "MERGED".equals(e)) {
                    ctx.reportOnce(ctx.at(base + "/Events/" + j), Severity.WARNING, "pullrequest-event", "pull request event " + e
                            + " is not in the service's documentation (only OPEN, REVISION and CLOSED are); it may "
                            + "never fire");
                }
            }
        }
    }

    private static void cron(ValidationContext ctx, String path, String expression) {
        CronExpression cron = CronExpression.parse(expression);
        for (CronExpression.Problem p : cron.problems()) {
            SourcePosition at = ctx.sourceMap().positionInText(path, p.offset());
            ctx.report(at, Severity.ERROR, "cron", "schedule '" + expression + "': " + p.message());
        }
        OptionalInt interval = cron.shortestIntervalMinutes();
        if (interval.isPresent() && interval.getAsInt() < MIN_INTERVAL_MINUTES) {
            ctx.warning(path, "cron-frequency", "schedule '" + expression + "' runs every "
                    + interval.getAsInt() + " minute" + (interval.getAsInt() == 1 ? "" : "s")
                    + " at times; the service supports at most one run every " + MIN_INTERVAL_MINUTES
                    + " minutes");
        }
    }

    private static void patterns(ValidationContext ctx, String base, List<String> entries, String what) {
        for (int j = 0; j < entries.size(); j++) {
            String p = entries.get(j);
            if (p == null) {
                continue;
            }
            try {
                Pattern.compile(p);
            } catch (PatternSyntaxException e) {
                SourcePosition at = ctx.sourceMap().positionInText(base + j, Math.max(0, e.getIndex()));
                String hint = p.contains("*") && !p.contains(".*") ? "; write .* for 'anything', e.g. "
                        + p.replace("**", "*").replace("*", ".*") : "";
                ctx.errorOnce(at, "trigger-regex", "'" + p + "' is not a valid regular expression ("
                        + e.getDescription() + ")" + hint);
                continue;
            }
            if (GLOB_STAR.matcher(p).find()) {
                ctx.warning(base + j, "trigger-regex", "'" + p + "' looks like a glob, but " + what + " patterns "
                        + "are regular expressions, where '/*' means 'any number of slashes': write '"
                        + p.replace("/*", "/.*") + "'");
            }
        }
    }
}
