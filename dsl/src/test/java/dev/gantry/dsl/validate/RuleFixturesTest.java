package dev.gantry.dsl.validate;

import dev.gantry.dsl.LoadedWorkflow;
import dev.gantry.dsl.WorkflowFiles;
import dev.gantry.engine.diagnostic.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every YAML fixture under {@code src/test/resources/validate/} through the real loader and validator and
 * compares the diagnostics with the fixture's own header: one {@code # expect: LINE:COL severity rule-id [text]}
 * line per diagnostic, in order ({@code text}, when given, must occur in the message). A {@code # fleets: a, b}
 * line sets {@link ValidationOptions#knownFleets()}. A fixture with no expectations must be clean.
 */
class RuleFixturesTest {
    static final Path FIXTURES = Path.of("src/test/resources/validate");
    private static final Pattern EXPECT =
            Pattern.compile("#\\s*expect:\\s*(\\d+):(\\d+)\\s+(error|warning|info)\\s+([a-z0-9-]+)\\s*(.*)");
    private static final Pattern FLEETS = Pattern.compile("#\\s*fleets:\\s*(.*)");

    static Stream<Path> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(FIXTURES)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void producesExactlyTheExpectedDiagnostics(Path fixture) throws IOException {
        List<String> expected = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        Set<String> fleets = Set.of();
        for (String line : Files.readAllLines(fixture)) {
            Matcher m = EXPECT.matcher(line.strip());
            if (m.matches()) {
                expected.add(m.group(1) + ":" + m.group(2) + " " + m.group(3) + " " + m.group(4));
                texts.add(m.group(5).strip());
            }
            Matcher f = FLEETS.matcher(line.strip());
            if (f.matches()) {
                fleets = Set.copyOf(Arrays.asList(f.group(1).split("\\s*,\\s*")));
            }
        }
        LoadedWorkflow loaded = new WorkflowFiles(new ValidationOptions(fleets))
                .load(fixture, fixture.getFileName().toString());
        List<Diagnostic> found = loaded.diagnostics();
        List<String> actual = found.stream().map(d -> d.position().line() + ":" + d.position().column() + " "
                + d.severity().label() + " " + d.rule()).toList();
        assertThat(actual).as(found.stream().map(Diagnostic::format).reduce("", (a, b) -> a + "\n" + b))
                .containsExactlyElementsOf(expected);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(found.get(i).message()).contains(texts.get(i));
        }
    }

    @Test
    /** Rules the YAML loader reports in its own words are covered by {@link ModelRulesTest} instead. */
    void everyRuleInTheRulesTableHasAFailingFixture() throws IOException {
        Set<String> documented = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `([a-z0-9-]+)` \\|").matcher(
                Files.readString(Path.of("../docs/rules.md")));
        while (row.find()) {
            documented.add(row.group(1));
        }
        Set<String> covered = new TreeSet<>();
        for (Path f : fixtures().toList()) {
            for (String line : Files.readAllLines(f)) {
                Matcher m = EXPECT.matcher(line.strip());
                if (m.matches()) {
                    covered.add(m.group(4));
                }
            }
        }
        Matcher model = Pattern.compile("\\[([a-z0-9-]+)]\"").matcher(
                Files.readString(Path.of("src/test/java/dev/gantry/dsl/validate/ModelRulesTest.java")));
        while (model.find()) {
            covered.add(model.group(1));
        }
        assertThat(documented).hasSizeGreaterThan(30);
        assertThat(covered).containsAll(documented);
    }
}
