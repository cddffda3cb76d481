package dev.gantry.dsl.yaml;

import dev.gantry.dsl.LoadedWorkflow;
import dev.gantry.engine.diagnostic.Diagnostic;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One failing file per structural rule, in {@code src/test/resources/yaml/rules/}. Each file says what the loader
 * must report, in comment lines {@code # expect: LINE:COL SEVERITY RULE | start of the message}; the loader must
 * report exactly those diagnostics (no more, no fewer), each at that line and column, with that severity and rule,
 * and a message that starts with the given text.
 */
class StructuralRulesTest {
    private static final Pattern EXPECT =
            Pattern.compile("^# expect: (\\d+):(\\d+) (error|warning|info) ([a-z0-9-]+)(?: \\| (.*))?$");

    private final YamlWorkflowLoader loader = new YamlWorkflowLoader();

    @TestFactory
    Stream<DynamicTest> eachFixtureReportsExactlyWhatItExpects() throws IOException, URISyntaxException {
        Path folder = Path.of(Objects.requireNonNull(getClass().getResource("/yaml/rules")).toURI());
        List<Path> fixtures;
        try (Stream<Path> s = Files.list(folder)) {
            fixtures = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(fixtures).hasSizeGreaterThan(30);
        return fixtures.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)));
    }

    private void check(Path fixture) throws IOException {
        List<Expected> expected = new ArrayList<>();
        for (String line : Files.readAllLines(fixture, StandardCharsets.UTF_8)) {
            Matcher m = EXPECT.matcher(line);
            if (m.matches()) {
                expected.add(new Expected(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3),
                        m.group(4), m.group(5) == null ? "" : m.group(5)));
            }
        }
        assertThat(expected).as("the fixture declares what it expects").isNotEmpty();
        LoadedWorkflow loaded = loader.load(fixture, fixture.getFileName().toString());
        List<String> actual = loaded.diagnostics().stream().map(StructuralRulesTest::where).sorted().toList();
        List<String> wanted = expected.stream().map(Expected::where).sorted().toList();
        assertThat(actual).as(loaded.diagnostics().stream().map(Diagnostic::format).toList().toString())
                .isEqualTo(wanted);
        List<Diagnostic> unmatched = new ArrayList<>(loaded.diagnostics());
        for (Expected e : expected) {
            Diagnostic d = unmatched.stream()
                    .filter(x -> where(x).equals(e.where()) && x.message().startsWith(e.message())).findFirst()
                    .orElseThrow(() -> new AssertionError("no diagnostic at " + e.where() + " starting with '"
                            + e.message() + "' among " + unmatched.stream().map(Diagnostic::format).toList()));
            unmatched.remove(d);
        }
    }

    private static String where(Diagnostic d) {
        return d.position().line() + ":" + d.position().column() + " " + d.severity().label() + " " + d.rule();
    }

    private record Expected(int line, int column, String severity, String rule, String message) {
        String where() {
            return line + ":" + column + " " + severity + " " + rule;
        }
    }
}
