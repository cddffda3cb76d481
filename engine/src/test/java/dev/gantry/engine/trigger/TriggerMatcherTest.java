package dev.gantry.engine.trigger;

import dev.gantry.engine.model.Trigger;
import dev.gantry.engine.model.TriggerType;
import dev.gantry.engine.model.Workflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The reference's §1.5 examples (workflows-add-trigger-examples and -considerations), as a table. */
class TriggerMatcherTest {
    private static final String A = "a".repeat(40);
    private static final String B = "b".repeat(40);
    private final TriggerMatcher matcher = new TriggerMatcher();

    private static Workflow workflow(Trigger... triggers) {
        return new Workflow("Build", "1.0", null, null, List.of(triggers), List.of());
    }

    private static Trigger push(String branches, String files) {
        return new Trigger(TriggerType.PUSH, list(branches), list(files), List.of(), null);
    }

    private static Trigger pullRequest(String events, String branches, String files) {
        return new Trigger(TriggerType.PULLREQUEST, list(branches), list(files), list(events), null);
    }

    private static Trigger schedule(String expression, String branches) {
        return new Trigger(TriggerType.SCHEDULE, list(branches), List.of(), List.of(), expression);
    }

    /** A space-separated list; "-" for none. */
    private static List<String> list(String s) {
        return s == null || s.equals("-") ? List.of() : Arrays.asList(s.split(" "));
    }

    private static PushEvent pushTo(String branch, String changed) {
        return new PushEvent(branch, A, B, false, ChangedFiles.of(list(changed)));
    }

    @ParameterizedTest(name = "PUSH Branches [{0}] FilesChanged [{1}], push to {2} changing [{3}]: {4}")
    @CsvSource(delimiter = '|', value = {
        // "run on a push to main only": the bare pattern is anchored
        "main|-|main|README.md|true",
        "main|-|main-2|README.md|false",
        "main|-|feature/main|README.md|false",
        // "main.*": every branch starting with main
        "main.*|-|main|x|true",
        "main.*|-|main-hotfix|x|true",
        "main.*|-|xmain|x|false",
        // release and version branches from the examples
        "release\\-.*|-|release-1.2|x|true",
        "v1\\-.*|-|v1-beta|x|true",
        "version\\-1\\.0|-|version-1.0|x|true",
        "version\\-1\\.0|-|version-1x0|x|false",
        // no Branches: every branch
        "-|-|anything/at-all|x|true",
        // several entries: any one
        "main release\\-.*|-|release-7|x|true",
        // FilesChanged: any changed path matching any entry, anchored, repository-relative
        "main|filename.txt|main|filename.txt|true",
        "main|filename.txt|main|docs/filename.txt|false",
        "main|src\\/.*|main|README.md src/app/Main.java|true",
        "main|src\\/.*|main|README.md docs/x|false",
        "main|src/.* docs/.*|main|docs/index.md|true",
        "-|.*\\.java|dev|a/B.java|true",
        // FilesChanged with a push that changed nothing (e.g. an empty commit)
        "main|src/.*|main|-|false"})
    void push(String branches, String files, String branch, String changed, boolean runs) {
        TriggerDecision d = matcher.decide(workflow(push(branches, files)), pushTo(branch, changed));
        assertThat(d.runs()).as(d.reason()).isEqualTo(runs);
        assertThat(d.reason()).isNotBlank();
    }

    @ParameterizedTest(name = "PULLREQUEST Events [{0}] Branches [{1}] FilesChanged [{2}], {3} from {4} into {5}")
    @CsvSource(delimiter = '|', value = {
        // Branches name the DESTINATION, never the source
        "OPEN REVISION|main|-|OPEN|feature|main|-|true",
        "OPEN REVISION|main|-|OPEN|main|feature|-|false",
        "OPEN|main|-|OPEN|feature|main|-|true",
        // REVISION is a superset of OPEN: creating a pull request fires a REVISION trigger
        "REVISION|main|-|OPEN|feature|main|-|true",
        // a new push to the source branch is a REVISION, not an OPEN
        "OPEN|main|-|REVISION|feature|main|-|false",
        "REVISION|-|-|REVISION|feature|any|-|true",
        "CLOSED|main|-|CLOSED|feature|main|-|true",
        "OPEN REVISION|main|-|CLOSED|feature|main|-|false",
        // merged counts as MERGED and CLOSED
        "CLOSED|main|-|MERGED CLOSED|feature|main|-|true",
        "MERGED|main|-|MERGED CLOSED|feature|main|-|true",
        "DRAFT|-|-|DRAFT|feature|main|-|true",
        "OPEN|-|-|DRAFT|feature|main|-|false",
        // FilesChanged against the merge base
        "OPEN|main|src/.*|OPEN|feature|main|src/a.c|true",
        "OPEN|main|src/.*|OPEN|feature|main|test/a.c|false"})
    void pullRequest(String events, String branches, String files, String actions, String source,
                     String destination, String changed, boolean runs) {
        EnumSet<PullRequestAction> set = EnumSet.noneOf(PullRequestAction.class);
        list(actions).forEach(a -> set.add(PullRequestAction.valueOf(a)));
        PullRequestEvent event = new PullRequestEvent("7", set, source, destination, B,
                changed.equals("-") && !files.equals("-") ? ChangedFiles.of(List.of("src/a.c")) : ChangedFiles.of(list(changed)));
        TriggerDecision d = matcher.decide(workflow(pullRequest(events, branches, files)), event);
        assertThat(d.runs()).as(d.reason()).isEqualTo(runs);
        assertThat(event.workflowBranch()).as("the run uses the source branch's files").isEqualTo(source);
    }

    @Test
    void aPushToABranchTheFileDoesNotListDoesNotRunAndSaysWhy() {
        TriggerDecision d = matcher.decide(workflow(push("main", "-")), pushTo("test", "x"));
        assertThat(d.runs()).isFalse();
        assertThat(d.reason()).isEqualTo("PUSH trigger 1: branch 'test' matches none of Branches [main]");
    }

    @Test
    void sayWhichTriggerFiredAndWhichFileMatched() {
        TriggerDecision d = matcher.decide(workflow(schedule("0 2 * * ? *", "-"), push("main", "src\\/.*")),
                pushTo("main", "README.md src/app.c"));
        assertThat(d.runs()).isTrue();
        assertThat(d.triggerIndex()).isEqualTo(1);
        assertThat(d.trigger().type()).isEqualTo(TriggerType.PUSH);
        assertThat(d.reason()).isEqualTo("PUSH trigger 2: branch 'main' matches Branches [main], changed file "
                + "'src/app.c' matches FilesChanged 'src\\/.*'");
    }

    @Test
    void noChangedFileMatchingNamesAFewOfThem() {
        TriggerDecision d = matcher.decide(workflow(push("-", "src/.*")), pushTo("main", "a b c d e"));
        assertThat(d.reason()).isEqualTo("PUSH trigger 1: no changed file (a, b, c and 2 more) matches FilesChanged "
                + "[src/.*]");
    }

    @Test
    void aDeletedBranchNeverRuns() {
        TriggerDecision d = matcher.decide(workflow(push("-", "-")),
                new PushEvent("gone", A, null, false, ChangedFiles.of(List.of())));
        assertThat(d.runs()).isFalse();
        assertThat(d.reason()).isEqualTo("branch 'gone' was deleted: there is no commit to run");
    }

    @Test
    void aNewBranchAndAForcePushRunLikeAnyPushAndSaySo() {
        TriggerDecision created = matcher.decide(workflow(push("feat.*", "-")),
                new PushEvent("feature", null, B, false, ChangedFiles.of(List.of("a"))));
        assertThat(created.runs()).isTrue();
        assertThat(created.reason()).contains("(a new branch)");
        TriggerDecision forced = matcher.decide(workflow(push("main", "src/.*")),
                new PushEvent("main", A, B, true, ChangedFiles.of(List.of("src/x"))));
        assertThat(forced.runs()).isTrue();
        assertThat(forced.reason()).contains("(a force push)");
    }

    @Test
    void filesChangedUndecidedWhenNobodyComputedTheChanges() {
        TriggerDecision d = matcher.decide(workflow(push("main", "src/.*")), PushEvent.of("main", A, B, false));
        assertThat(d.runs()).isFalse();
        assertThat(d.reason()).endsWith("but it has FilesChanged [src/.*] and the changed files are not known");
        // without FilesChanged the changes do not matter
        assertThat(matcher.decide(workflow(push("main", "-")), PushEvent.of("main", A, B, false)).runs()).isTrue();
    }

    @Test
    void noTriggersMeansManualOnly() {
        Workflow none = workflow();
        assertThat(matcher.decide(none, pushTo("main", "x")).reason())
                .isEqualTo("no Triggers: it runs only when started by hand");
        assertThat(matcher.decide(none, new ManualEvent("Build", "main")).runs()).isTrue();
        assertThat(matcher.decide(none, new ManualEvent("Other", "main")).runs()).isFalse();
    }

    @Test
    void anEventOfAnotherTypeListsTheTypesTheFileHas() {
        TriggerDecision d = matcher.decide(workflow(push("main", "-"), schedule("0 2 * * ? *", "-")),
                new PullRequestEvent("1", EnumSet.of(PullRequestAction.OPEN), "f", "main", B, ChangedFiles.unknown()));
        assertThat(d.reason()).isEqualTo("no PULLREQUEST trigger (it has PUSH, SCHEDULE)");
    }

    @Test
    void scheduleFiresOncePerTickInTheIntervalOnMatchedBranches() {
        Workflow nightly = workflow(schedule("0 2 * * ? *", "main release-.*"));
        Instant before = Instant.parse("2026-12-04T01:59:30Z");
        Instant after = Instant.parse("2026-12-04T02:00:30Z");
        TriggerDecision fires = matcher.decide(nightly, new ScheduleTick("main", before, after));
        assertThat(fires.runs()).isTrue();
        assertThat(fires.reason()).isEqualTo("SCHEDULE trigger 1: '0 2 * * ? *' fires at 2026-12-04T02:00:00Z, "
                + "branch 'main' matches Branches [main, release-.*]");
        assertThat(matcher.decide(nightly, new ScheduleTick("release-1", before, after)).runs()).isTrue();
        assertThat(matcher.decide(nightly, new ScheduleTick("feature", before, after)).runs()).isFalse();
        TriggerDecision next = matcher.decide(nightly, new ScheduleTick("main", after, after.plus(Duration.ofHours(1))));
        assertThat(next.runs()).isFalse();
        assertThat(next.reason()).endsWith("; next at 2026-12-05T02:00:00Z");
    }

    @Test
    void aPathologicalPatternGivesAReasonNotAHang() {
        Workflow evil = workflow(push("(.*a){12}b", "-"));
        long start = System.nanoTime();
        TriggerDecision d = matcher.decide(evil, pushTo("a".repeat(30), "x"));
        assertThat(d.runs()).isFalse();
        assertThat(d.reason()).contains("took too long to match");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void anInvalidPatternIsAReason() {
        TriggerDecision d = matcher.decide(workflow(push("release/*[", "-")), pushTo("main", "x"));
        assertThat(d.runs()).isFalse();
        assertThat(d.reason()).isEqualTo("PUSH trigger 1: Branches entry 'release/*[' is not a valid regular "
                + "expression");
    }
}
