package dev.gantry.cli.run;

import dev.gantry.dsl.corpus.SharedCorpus;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The corpus report: for every real workflow file in {@code ../shared/corpus/codecatalyst-workflows}, whether
 * {@code gantry run --dry-run} plans it with no {@code action-unsupported} problem (other plan problems, such as
 * secrets not given here, do not count), and which identifiers stop the others. Prints the table and the figures
 * (before: the files whose actions are all aws/build, aws/managed-test or aws/approval, what Gantry ran before the
 * deploy and custom actions, and valid). Skipped without the corpus.
 */
class CorpusPlanReportTest {
    private static final Set<String> BEFORE = Set.of("aws/build", "aws/managed-test", "aws/approval");
    private static final Pattern IDENTIFIER = Pattern.compile("(?m)^\\s*Identifier:\\s*['\"]?([^\\s'\"#]+)");
    private static final Pattern UNSUPPORTED = Pattern.compile("error: action '[^']+' \\(([^)]+)\\) cannot run");

    @Test
    void everyCorpusFileWhoseActionsAreCuratedOrAdkPlans() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(SharedCorpus.workflows())) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        int before = 0;
        int planned = 0;
        Map<String, Set<String>> blocked = new TreeMap<>();
        StringBuilder table = new StringBuilder();
        for (Path f : files) {
            String text = Files.readString(f);
            Set<String> names = new TreeSet<>();
            Matcher m = IDENTIFIER.matcher(text);
            while (m.find()) {
                names.add(m.group(1).replaceFirst("@.*", ""));
            }
            RunTestSupport.Result r = RunTestSupport.run(f.toString(), "--dry-run");
            Set<String> unsupported = new TreeSet<>();
            Matcher u = UNSUPPORTED.matcher(r.err());
            while (u.find()) {
                unsupported.add(u.group(1));
            }
            boolean invalid = r.err().contains("nothing was run") && r.err().contains("cannot run " )
                    && !r.err().contains("[action-unsupported]") && r.exitCode() == 3
                    && r.err().lines().anyMatch(l -> l.contains(": error: ") && !l.contains("[secret-missing]")
                    && !l.contains("[runner-none]") && !l.contains("[action-configuration]"));
            String verdict = !unsupported.isEmpty() ? "unsupported: " + String.join(", ", unsupported)
                    : invalid ? "invalid workflow" : "plans";
            if (BEFORE.containsAll(names) && !invalid) {
                before++;
            }
            if (unsupported.isEmpty() && !invalid) {
                planned++;
            } else {
                blocked.put(f.getFileName().toString(), unsupported);
            }
            table.append(String.format("%-95s %s%n", f.getFileName(), verdict));
        }
        System.out.println(table);
        System.out.printf("corpus: %d files; plan with no unsupported action: %d (%d%%); before the deploy and "
                        + "custom actions (all actions build/test/approval): %d (%d%%)%n", files.size(), planned,
                100 * planned / files.size(), before, 100 * before / files.size());
        // what still stops a file is only what the issue leaves out: GitHub Actions, undocumented identifiers, and
        // a custom action whose own repository (its action.yml) is not part of the corpus
        for (Set<String> ids : blocked.values()) {
            for (String id : ids) {
                assertThat(id).satisfiesAnyOf(
                        x -> assertThat(x).startsWith("aws/github-actions-runner"),
                        x -> assertThat(x).startsWith("aws/build-beta"),
                        x -> assertThat(x).startsWith("aws/cli"),
                        x -> assertThat(x).isEqualTo("."),
                        x -> assertThat(x).startsWith("codecatalyst-labs/"));
            }
        }
        assertThat(planned).isGreaterThan(before);
    }
}
