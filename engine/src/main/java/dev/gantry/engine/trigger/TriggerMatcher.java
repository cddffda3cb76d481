package dev.gantry.engine.trigger;

import dev.gantry.engine.model.Trigger;
import dev.gantry.engine.model.TriggerType;
import dev.gantry.engine.model.Workflow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Decides whether a workflow runs for an event, exactly as the reference's §1.5 says, and says why in words.
 *
 * <ul>
 *   <li>{@code Branches} and {@code FilesChanged} entries are Java regular expressions matched against the WHOLE
 *       branch name / repository-relative path (anchored: {@code main} matches {@code main} only); an empty list
 *       matches everything. A workflow runs when ANY changed path matches ANY {@code FilesChanged} entry.</li>
 *   <li>PUSH: {@code Branches} match the pushed branch. A deleted branch never runs. A new branch and a force push
 *       run like any push; their changed files are as {@link PushEvent} defines them.</li>
 *   <li>PULLREQUEST: {@code Events} must share one of the event's actions; {@code Branches} match the DESTINATION
 *       branch; {@code FilesChanged} is matched against the changes since the merge base.</li>
 *   <li>SCHEDULE: {@code Branches} match the scheduled branch and the {@code Expression} fires in the tick's
 *       interval (UTC).</li>
 *   <li>Manual: the named workflow runs, whatever its triggers.</li>
 * </ul>
 * The first trigger of the file that fires decides; when none fires the reason lists each trigger's first mismatch.
 * Regular expressions are matched with a step budget, so a pathological pattern gives a reason, not a hang.
 */
public final class TriggerMatcher {
    /** How many characters a single regular-expression match may look at before it is abandoned. */
    static final long MATCH_BUDGET = 1_000_000;
    /** How many changed paths a reason names before "and N more". */
    private static final int PATHS_SHOWN = 3;

    /** Whether {@code workflow} (as read from the event's {@link TriggerEvent#workflowBranch()}) runs. */
    public TriggerDecision decide(Workflow workflow, TriggerEvent event) {
        if (event instanceof ManualEvent manual) {
            return manual.workflowName().equals(workflow.name())
                    ? new TriggerDecision(true, "started by hand on branch '" + manual.branch() + "'", null, -1)
                    : TriggerDecision.skip("a manual run of '" + manual.workflowName() + "', not of this workflow");
        }
        if (event instanceof PushEvent push && push.deleted()) {
            return TriggerDecision.skip("branch '" + push.branch() + "' was deleted: there is no commit to run");
        }
        TriggerType type = event.triggerType();
        List<Trigger> triggers = workflow.triggers();
        if (triggers.isEmpty()) {
            return TriggerDecision.skip("no Triggers: it runs only when started by hand");
        }
        List<String> misses = new ArrayList<>();
        for (int i = 0; i < triggers.size(); i++) {
            Trigger t = triggers.get(i);
            if (t.type() != type) {
                continue;
            }
            String label = type + " trigger " + (i + 1);
            Outcome outcome = event instanceof PushEvent p ? push(t, p)
                    : event instanceof PullRequestEvent p ? pullRequest(t, p)
                    : schedule(t, (ScheduleTick) event);
            if (outcome.fires()) {
                return new TriggerDecision(true, label + ": " + outcome.text(), t, i);
            }
            misses.add(label + ": " + outcome.text());
        }
        if (misses.isEmpty()) {
            return TriggerDecision.skip("no " + type + " trigger (it has " + triggers.stream()
                    .map(t -> t.type().name()).distinct().collect(Collectors.joining(", ")) + ")");
        }
        return TriggerDecision.skip(String.join("; ", misses));
    }

    private record Outcome(boolean fires, String text) {
        static Outcome miss(String text) {
            return new Outcome(false, text);
        }
    }

    private Outcome push(Trigger t, PushEvent push) {
        Optional<Outcome> branch = branchMiss(t, push.branch(), "branch");
        if (branch.isPresent()) {
            return branch.get();
        }
        String fired = branchText(t, push.branch(), "branch") + (push.created() ? " (a new branch)" : "")
                + (push.forced() ? " (a force push)" : "");
        return files(t, push.changedFiles(), fired, "the push");
    }

    private Outcome pullRequest(Trigger t, PullRequestEvent pr) {
        List<String> shared = t.events().stream().filter(e -> pr.actions().stream()
                .anyMatch(a -> a.name().equals(e))).toList();
        if (shared.isEmpty()) {
            return Outcome.miss("Events " + t.events() + " include none of " + sorted(pr) + "");
        }
        Optional<Outcome> branch = branchMiss(t, pr.destinationBranch(), "destination branch");
        if (branch.isPresent()) {
            return branch.get();
        }
        String fired = "event " + shared.get(0) + ", " + branchText(t, pr.destinationBranch(), "destination branch");
        return files(t, pr.changedFiles(), fired, "the pull request");
    }

    private static List<String> sorted(PullRequestEvent pr) {
        return pr.actions().stream().sorted().map(Enum::name).toList();
    }

    private Outcome schedule(Trigger t, ScheduleTick tick) {
        Optional<Outcome> branch = branchMiss(t, tick.branch(), "branch");
        if (branch.isPresent()) {
            return branch.get();
        }
        CronExpression cron = CronExpression.parse(t.expression());
        if (!cron.valid()) {
            return Outcome.miss("Expression '" + t.expression() + "' is invalid: " + cron.problems().get(0).message());
        }
        Optional<Instant> at = cron.firstIn(tick.after(), tick.upTo());
        if (at.isPresent()) {
            return new Outcome(true, "'" + t.expression() + "' fires at " + at.get() + ", "
                    + branchText(t, tick.branch(), "branch"));
        }
        return Outcome.miss("'" + t.expression() + "' does not fire in (" + tick.after() + ", " + tick.upTo() + "]"
                + cron.nextAfter(tick.upTo()).map(n -> "; next at " + n).orElse("; it never fires again"));
    }

    private Optional<Outcome> branchMiss(Trigger t, String branch, String what) {
        if (t.branches().isEmpty()) {
            return Optional.empty();
        }
        for (String p : t.branches()) {
            Match m = match(p, branch);
            if (m == Match.YES) {
                return Optional.empty();
            }
            if (m != Match.NO) {
                return Optional.of(Outcome.miss("Branches entry '" + p + "' " + m.text));
            }
        }
        return Optional.of(Outcome.miss(what + " '" + branch + "' matches none of Branches " + t.branches()));
    }

    private static String branchText(Trigger t, String branch, String what) {
        return t.branches().isEmpty() ? what + " '" + branch + "' (no Branches: every branch)"
                : what + " '" + branch + "' matches Branches " + t.branches();
    }

    private Outcome files(Trigger t, ChangedFiles changed, String fired, String what) {
        if (t.filesChanged().isEmpty()) {
            return new Outcome(true, fired);
        }
        if (!changed.known()) {
            return Outcome.miss(fired + ", but it has FilesChanged " + t.filesChanged()
                    + " and the changed files are not known");
        }
        List<Pattern> patterns = new ArrayList<>();
        for (String p : t.filesChanged()) {
            Pattern compiled = compile(p);
            if (compiled == null && p != null) {
                return Outcome.miss("FilesChanged entry '" + p + "' " + Match.INVALID.text);
            }
            patterns.add(compiled);
        }
        for (String path : changed.paths()) {
            for (int i = 0; i < patterns.size(); i++) {
                Match m = matches(patterns.get(i), path);
                if (m == Match.YES) {
                    return new Outcome(true, fired + ", changed file '" + path + "' matches FilesChanged '"
                            + t.filesChanged().get(i) + "'");
                }
                if (m != Match.NO) {
                    return Outcome.miss("FilesChanged entry '" + t.filesChanged().get(i) + "' " + m.text);
                }
            }
        }
        if (changed.paths().isEmpty()) {
            return Outcome.miss(what + " changed no file, and it has FilesChanged " + t.filesChanged());
        }
        return Outcome.miss("no changed file (" + shown(changed.paths()) + ") matches FilesChanged "
                + t.filesChanged());
    }

    private static String shown(List<String> paths) {
        String names = paths.stream().limit(PATHS_SHOWN).collect(Collectors.joining(", "));
        return paths.size() > PATHS_SHOWN ? names + " and " + (paths.size() - PATHS_SHOWN) + " more" : names;
    }

    private enum Match {
        YES(""), NO(""), INVALID("is not a valid regular expression"),
        TOO_SLOW("took too long to match (a pathological regular expression?)");

        final String text;

        Match(String text) {
            this.text = text;
        }
    }

    private static Match match(String pattern, String text) {
        Pattern compiled = compile(pattern);
        return compiled == null && pattern != null ? Match.INVALID : matches(compiled, text);
    }

    /** The pattern compiled; {@code null} when it is absent or not a regular expression. */
    private static Pattern compile(String pattern) {
        try {
            return pattern == null ? null : Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            return null;
        }
    }

    /** A whole-text match within the step budget; an absent pattern (an empty list entry) matches nothing. */
    private static Match matches(Pattern pattern, String text) {
        if (pattern == null) {
            return Match.NO;
        }
        try {
            return pattern.matcher(new BudgetedText(text, new long[] {MATCH_BUDGET})).matches() ? Match.YES : Match.NO;
        } catch (BudgetedText.Exhausted e) {
            return Match.TOO_SLOW;
        }
    }
}
