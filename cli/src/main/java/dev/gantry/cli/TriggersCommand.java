package dev.gantry.cli;

import dev.gantry.service.records.Json;
import dev.gantry.cli.workflow.WorkflowPaths;
import dev.gantry.dsl.LoadedWorkflow;
import dev.gantry.dsl.WorkflowFiles;
import dev.gantry.dsl.validate.ValidationOptions;
import dev.gantry.engine.diagnostic.Severity;
import dev.gantry.engine.trigger.ChangedFiles;
import dev.gantry.engine.trigger.PullRequestAction;
import dev.gantry.engine.trigger.PullRequestEvent;
import dev.gantry.engine.trigger.PushEvent;
import dev.gantry.engine.trigger.ScheduleTick;
import dev.gantry.engine.trigger.TriggerDecision;
import dev.gantry.engine.trigger.TriggerEvent;
import dev.gantry.engine.trigger.TriggerMatcher;
import dev.gantry.scm.git.GitHistory;
import dev.gantry.scm.git.ScmException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code gantry triggers --event push|pullrequest|schedule ...}: which workflows an event would start, and why not
 * the others, decided by the same {@link TriggerMatcher} the server uses. Offline: the workflow files are read as
 * they are in the working tree; changed files come from {@code --changed} or from git ({@code --from/--to}).
 *
 * <p>Exit codes: 0 answered (whether or not anything would run); 2 usage error, unreadable path, unknown revision.
 */
@Command(name = "triggers", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Lists which workflows an event would start (Triggers, reference 1.5) and why not the others.",
                "",
                "Examples:",
                "  gantry triggers --event push --branch main --changed src/app.c",
                "  gantry triggers --event push --branch main --from HEAD~1 --to HEAD",
                "  gantry triggers --event pullrequest --source feat --destination main --action OPEN",
                "  gantry triggers --event schedule --branch main --at 2026-12-07T02:00Z",
                "",
                "Exit status: 0 answered; 2 usage error, unreadable path or unknown revision."})
public final class TriggersCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "PATH",
            description = "Workflow files, or folders searched for them. Default: .codecatalyst/workflows/.")
    List<String> paths = new ArrayList<>();

    @Option(names = "--event", required = true, paramLabel = "EVENT",
            description = "push, pullrequest or schedule.")
    String event;

    @Option(names = "--branch", paramLabel = "NAME",
            description = "push: the branch pushed to; schedule: the branch whose files are scheduled. Default: the "
                    + "branch checked out here.")
    String branch;

    @Option(names = "--source", paramLabel = "BRANCH", description = "pullrequest: the branch the change comes from.")
    String source;

    @Option(names = "--destination", paramLabel = "BRANCH",
            description = "pullrequest: the branch it merges into (what Branches match).")
    String destination;

    @Option(names = "--action", paramLabel = "ACTION", split = ",",
            description = "pullrequest: OPEN, REVISION, CLOSED, MERGED or DRAFT (repeatable; OPEN implies REVISION).")
    List<String> actions = new ArrayList<>();

    @Option(names = "--changed", arity = "1..*", paramLabel = "FILE",
            description = "The changed files, repository-relative (push, pullrequest). Takes every word up to the "
                    + "next option: give PATHs before it.")
    List<String> changed;

    @Option(names = "--from", paramLabel = "REV",
            description = "Compute the changed files with git: push: from REV to --to; pullrequest: from the merge "
                    + "base of REV (the destination side) and --to.")
    String from;

    @Option(names = "--to", paramLabel = "REV", description = "With --from (default: HEAD).")
    String to;

    @Option(names = "--new-branch", description = "push: the branch is new (no commit before).")
    boolean newBranch;

    @Option(names = "--deleted", description = "push: the branch was deleted.")
    boolean deleted;

    @Option(names = "--force", description = "push: a force push.")
    boolean force;

    @Option(names = "--at", paramLabel = "TIME",
            description = "schedule: the minute asked about, UTC (2026-12-07T02:00Z or 2026-12-07T02:00; default: "
                    + "now).")
    String at;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json ({event, workflows: [{name, file, wouldRun, reason}]}).")
    String format;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Path cwd;
    private final Clock clock;
    private String fromCommit;
    private String toCommit;

    public TriggersCommand() {
        this(Path.of(""), Clock.systemUTC());
    }

    /**
     * @param cwd   the folder paths, the default workflows folder and the git repository are taken from
     * @param clock "now" for {@code --event schedule} without {@code --at}
     */
    public TriggersCommand(Path cwd, Clock clock) {
        this.cwd = cwd.toAbsolutePath().normalize();
        this.clock = clock;
    }

    /** A usage problem, said in one line. */
    private static final class Usage extends Exception {
        Usage(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TriggerEvent triggerEvent;
        try {
            if (!format.equals("text") && !format.equals("json")) {
                throw new Usage("--format " + format + ": use text or json");
            }
            triggerEvent = event();
        } catch (Usage e) {
            err.println("gantry: " + e.getMessage());
            err.flush();
            return ExitCode.USAGE.code();
        }
        WorkflowPaths.Found found = new WorkflowPaths(cwd).find(paths, err);
        if (found.files().isEmpty()) {
            err.flush();
            return ExitCode.USAGE.code();
        }
        WorkflowFiles files = new WorkflowFiles(ValidationOptions.DEFAULT);
        TriggerMatcher matcher = new TriggerMatcher();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (WorkflowPaths.Target t : found.files()) {
            LoadedWorkflow loaded = files.load(t.path(), t.displayName());
            rows.add(row(loaded, t, matcher, triggerEvent));
        }
        if (format.equals("json")) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("event", describe(triggerEvent));
            doc.put("workflows", rows);
            out.print(Json.pretty(doc));
        } else {
            text(out, triggerEvent, rows);
        }
        out.flush();
        err.flush();
        return found.pathProblem() ? ExitCode.USAGE.code() : 0;
    }

    private static Map<String, Object> row(LoadedWorkflow loaded, WorkflowPaths.Target t, TriggerMatcher matcher,
                                           TriggerEvent event) {
        Map<String, Object> row = new LinkedHashMap<>();
        String name = loaded.workflow() == null || loaded.workflow().name() == null
                ? t.path().getFileName().toString() : loaded.workflow().name();
        row.put("name", name);
        row.put("file", t.displayName());
        long errors = loaded.diagnostics().stream().filter(d -> d.severity() == Severity.ERROR).count();
        if (loaded.workflow() == null || errors > 0) {
            row.put("wouldRun", false);
            row.put("reason", "the file has " + errors + " error" + (errors == 1 ? "" : "s")
                    + " and would not run (gantry validate " + t.displayName() + ")");
            return row;
        }
        TriggerDecision decision = matcher.decide(loaded.workflow(), event);
        row.put("wouldRun", decision.runs());
        row.put("reason", decision.reason());
        return row;
    }

    private TriggerEvent event() throws Usage {
        String kind = event.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        switch (kind) {
            case "push" -> {
                branch = branchOrCurrent("push");
                if (newBranch && deleted) {
                    throw new Usage("--new-branch and --deleted together: a push creates or deletes a branch");
                }
                ChangedFiles files = deleted ? ChangedFiles.of(List.of()) : changedFiles(false);
                // the commits themselves do not matter to the matcher; --from/--to name them when given
                String before = newBranch ? null : fromCommit == null ? "(before)" : fromCommit;
                String after = deleted ? null : toCommit == null ? "(after)" : toCommit;
                return new PushEvent(branch, before, after, force, files);
            }
            case "pullrequest", "pr" -> {
                need(source, "--source", "pullrequest");
                need(destination, "--destination", "pullrequest");
                if (actions.isEmpty()) {
                    throw new Usage("--event pullrequest needs --action: OPEN, REVISION, CLOSED, MERGED or DRAFT");
                }
                EnumSet<PullRequestAction> set = EnumSet.noneOf(PullRequestAction.class);
                for (String a : actions) {
                    try {
                        set.add(PullRequestAction.valueOf(a.trim().toUpperCase(Locale.ROOT)));
                    } catch (IllegalArgumentException e) {
                        throw new Usage("--action " + a + ": use OPEN, REVISION, CLOSED, MERGED or DRAFT");
                    }
                }
                ChangedFiles files = changedFiles(true);
                return new PullRequestEvent("", set, source, destination, toCommit, files);
            }
            case "schedule" -> {
                branch = branchOrCurrent("schedule");
                Instant minute = (at == null ? clock.instant() : instant(at)).truncatedTo(ChronoUnit.MINUTES);
                return new ScheduleTick(branch, minute.minusSeconds(1), minute);
            }
            default -> throw new Usage("--event " + event + ": use push, pullrequest or schedule");
        }
    }

    /** {@code --branch}, else the branch checked out in the repository around the current folder. */
    private String branchOrCurrent(String kind) throws Usage {
        if (branch != null && !branch.isBlank()) {
            return branch;
        }
        try (GitHistory git = GitHistory.open(cwd)) {
            return git.currentBranch().orElseThrow(() -> new Usage("--event " + kind + " needs --branch (no "
                    + "branch is checked out here)"));
        } catch (ScmException e) {
            throw new Usage("--event " + kind + " needs --branch");
        }
    }

    private static void need(String value, String option, String kind) throws Usage {
        if (value == null || value.isBlank()) {
            throw new Usage("--event " + kind + " needs " + option);
        }
    }

    private static Instant instant(String text) throws Usage {
        try {
            return Instant.parse(text.endsWith("Z") && text.length() == 17 ? text.replace("Z", ":00Z") : text);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new Usage("--at " + text + ": give a UTC time such as 2026-12-07T02:00Z");
            }
        }
    }

    /** {@code --changed}, or git's answer for {@code --from/--to}, or "not known". */
    private ChangedFiles changedFiles(boolean sinceMergeBase) throws Usage {
        if (changed != null && from != null) {
            throw new Usage("give --changed or --from/--to, not both");
        }
        if (changed != null) {
            return ChangedFiles.of(changed.stream().map(f -> f.replace('\\', '/').replaceFirst("^\\./", "")).toList());
        }
        if (from == null) {
            if (to != null) {
                throw new Usage("--to needs --from");
            }
            return ChangedFiles.unknown();
        }
        String target = to == null ? "HEAD" : to;
        try (GitHistory git = GitHistory.open(cwd)) {
            fromCommit = git.resolve(from).orElseThrow(() -> new Usage("--from " + from + ": no such revision"));
            toCommit = git.resolve(target).orElseThrow(() -> new Usage("--to " + target + ": no such revision"));
            return sinceMergeBase ? git.changedSinceMergeBase(fromCommit, toCommit)
                    : git.changedFiles(fromCommit, toCommit);
        } catch (ScmException e) {
            throw new Usage(e.getMessage());
        }
    }

    private static Map<String, Object> describe(TriggerEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", e.triggerType().name());
        if (e instanceof PushEvent p) {
            m.put("branch", p.branch());
            m.put("newBranch", p.created());
            m.put("deleted", p.deleted());
            m.put("forced", p.forced());
            m.put("changedFiles", p.changedFiles().known() ? p.changedFiles().paths() : null);
        } else if (e instanceof PullRequestEvent pr) {
            m.put("source", pr.sourceBranch());
            m.put("destination", pr.destinationBranch());
            m.put("actions", pr.actions().stream().sorted().map(Enum::name).toList());
            m.put("changedFiles", pr.changedFiles().known() ? pr.changedFiles().paths() : null);
        } else if (e instanceof ScheduleTick s) {
            m.put("branch", s.branch());
            m.put("at", s.upTo());
        }
        return m;
    }

    private static void text(PrintWriter out, TriggerEvent e, List<Map<String, Object>> rows) {
        out.println(headline(e));
        int nameWidth = rows.stream().mapToInt(r -> r.get("name").toString().length()).max().orElse(4);
        int fileWidth = rows.stream().mapToInt(r -> r.get("file").toString().length()).max().orElse(4);
        long running = 0;
        for (Map<String, Object> r : rows) {
            boolean runs = (Boolean) r.get("wouldRun");
            running += runs ? 1 : 0;
            out.println(String.format("  %-4s %-" + nameWidth + "s  %-" + fileWidth + "s  %s", runs ? "run" : "no",
                    r.get("name"), r.get("file"), r.get("reason")));
        }
        out.println(running + " of " + rows.size() + " workflow" + (rows.size() == 1 ? "" : "s") + " would run.");
    }

    private static String headline(TriggerEvent e) {
        if (e instanceof PushEvent p) {
            return "push to " + p.branch() + (p.created() ? " (new branch)" : "") + (p.deleted() ? " (deleted)" : "")
                    + (p.forced() ? " (force push)" : "") + files(p.changedFiles()) + ":";
        }
        if (e instanceof PullRequestEvent pr) {
            return "pull request " + pr.actions().stream().sorted().map(Enum::name).toList() + " from "
                    + pr.sourceBranch() + " into " + pr.destinationBranch() + files(pr.changedFiles()) + ":";
        }
        ScheduleTick s = (ScheduleTick) e;
        return "schedule tick at " + s.upTo() + " on " + s.branch() + ":";
    }

    private static String files(ChangedFiles changed) {
        if (!changed.known()) {
            return ", changed files not given";
        }
        int n = changed.paths().size();
        return ", " + n + " changed file" + (n == 1 ? "" : "s");
    }
}
