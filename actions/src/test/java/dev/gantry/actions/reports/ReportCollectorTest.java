package dev.gantry.actions.reports;

import dev.gantry.actions.artifacts.InputLayout;
import dev.gantry.engine.model.AutoDiscoverReports;
import dev.gantry.engine.model.Outputs;
import dev.gantry.engine.model.Report;
import dev.gantry.engine.model.SuccessCriteria;
import dev.gantry.engine.model.Threshold;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.gantry.actions.reports.ReportParsersTest.sample;
import static org.assertj.core.api.Assertions.assertThat;

class ReportCollectorTest {
    @TempDir
    Path ws;
    Path src;
    InputLayout inputs;
    final ReportCollector collector = new ReportCollector();

    @BeforeEach
    void setUp() throws IOException {
        src = Files.createDirectories(ws.resolve("src"));
        inputs = InputLayout.of(src, List.of(), ws.resolve("inputs"));
        copy("junit.xml", "build/test-results/TEST-calc.xml");
        copy("cobertura.xml", "build/coverage.xml");
        copy("bandit.sarif", "out/bandit.sarif");
        copy("trivy.sarif", "out/trivy.sarif");
        copy("package.json", "package.json");
        copy("junit.xml", "node_modules/cdk/junit.xml");
    }

    static SuccessCriteria criteria(Double pass, Double line, Double branch, Threshold vulns,
                                    Map<String, Threshold> sa) {
        return new SuccessCriteria(pass, line, branch, vulns, sa == null ? Map.of() : sa);
    }

    @Test
    void manualReportsEvaluateTheirCriteriaWithClearMessages() {
        Map<String, Report> reports = new LinkedHashMap<>();
        reports.put("Tests", new Report("Tests", "JUNITXML", List.of("build/test-results/*.xml"), List.of(),
                criteria(100.0, null, null, null, null)));
        reports.put("Coverage", new Report("Coverage", "CoberturaXml", List.of("build/coverage.xml"), List.of(),
                criteria(null, 80.0, 70.0, null, null)));
        reports.put("Bandit", new Report("Bandit", "SARIFSA", List.of("out/bandit.sarif"), List.of(),
                criteria(null, null, null, null, Map.of("StaticAnalysisFinding", new Threshold("MEDIUM", 2),
                        "StaticAnalysisSecurity", new Threshold("HIGH", 0)))));
        reports.put("Deps", new Report("Deps", "SARIFSCA", List.of("out/trivy.sarif"), List.of(),
                criteria(null, null, null, new Threshold("CRITICAL", 0), null)));

        ActionReports r = collector.collect(outputs(reports, null), inputs, ws);

        assertThat(r.problems()).isEmpty();
        assertThat(r.failed()).isTrue();
        assertThat(r.failures()).containsExactly(
                "report 'Tests' (JUNITXML): PassRate 50% is below the required 100% (2 of 4 tests passed)",
                "report 'Coverage' (COBERTURAXML): LineCoverage 75% is below the required 80% (150 of 200 lines"
                        + " covered)",
                "report 'Bandit' (SARIFSA): StaticAnalysisSecurity: 1 security findings of severity HIGH or higher,"
                        + " more than the 0 allowed",
                "report 'Deps' (SARIFSCA): Vulnerabilities: 1 findings of severity CRITICAL or higher, more than the 0"
                        + " allowed");
        assertThat(r.criteria()).filteredOn(CriterionResult::met).extracting(CriterionResult::criterion)
                .containsExactly("BranchCoverage", "StaticAnalysisFinding");
        assertThat(r.summaryLine()).isEqualTo("tests 2 passed, 2 failed, 1 skipped; coverage lines 75.0%, branches"
                + " 75.0%; findings 5");
        assertThat(r.failedTests()).extracting(ReportData.TestCase::fullName)
                .containsExactly("demo.CalcTest.divides", "demo.CalcTest.overflows");
    }

    @Test
    void criteriaThatAreMetPassTheAction() {
        Map<String, Report> reports = Map.of("Coverage", new Report("Coverage", "COBERTURAXML",
                List.of("build/coverage.xml"), List.of(), criteria(null, 75.0, 60.5, null, null)));
        ActionReports r = collector.collect(outputs(reports, null), inputs, ws);
        assertThat(r.failed()).isFalse();
        assertThat(r.criteria()).hasSize(2).allMatch(CriterionResult::met);
    }

    @Test
    void autoDiscoveryFindsReportsByContentMinusExcludesAndManualFiles() {
        Map<String, Report> reports = Map.of("Bandit", new Report("Bandit", "SARIFSA", List.of("out/bandit.sarif"),
                List.of(), null));
        AutoDiscoverReports auto = new AutoDiscoverReports(true, "rpt", List.of(), List.of("node_modules/cdk/junit.xml"),
                criteria(40.0, 90.0, null, null, null));

        ActionReports r = collector.collect(outputs(reports, auto), inputs, ws);

        assertThat(r.reports()).extracting(ParsedReport::name, ParsedReport::format, ParsedReport::autoDiscovered)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Bandit", ReportFormat.SARIFSA, false),
                        org.assertj.core.groups.Tuple.tuple("rptcoverage", ReportFormat.COBERTURAXML, true),
                        org.assertj.core.groups.Tuple.tuple("rptTEST-calc", ReportFormat.JUNITXML, true),
                        org.assertj.core.groups.Tuple.tuple("rpttrivy", ReportFormat.SARIFSCA, true));
        assertThat(r.failures()).containsExactly("report 'rptcoverage' (COBERTURAXML): LineCoverage 75% is below the"
                + " required 90% (150 of 200 lines covered)");
    }

    @Test
    void autoDiscoverySearchesEveryInputIncludingConsumedArtifacts() throws IOException {
        Path art = Files.createDirectories(ws.resolve("inputs/TEST_REPORTS/reports"));
        Files.copy(sample("junit.xml"), art.resolve("TEST-from-artifact.xml"));
        InputLayout two = InputLayout.of(src, List.of("TEST_REPORTS"), ws.resolve("inputs"));
        AutoDiscoverReports auto = new AutoDiscoverReports(true, "rpt", List.of("**/*.xml"),
                List.of("node_modules/**", "build/**"), null);
        ActionReports r = collector.collect(outputs(Map.of(), auto), two, ws);
        assertThat(r.reports()).extracting(ParsedReport::files).containsExactly(
                List.of("$CATALYST_SOURCE_DIR_TEST_REPORTS/reports/TEST-from-artifact.xml"));
    }

    @Test
    void missingAndMalformedFilesAreProblemsNotCrashes() throws IOException {
        Files.writeString(src.resolve("build/broken.xml"), "<testsuite><testcase");
        Map<String, Report> reports = new LinkedHashMap<>();
        reports.put("Missing", new Report("Missing", "JUNITXML", List.of("nowhere/*.xml"), List.of(),
                criteria(100.0, null, null, null, null)));
        reports.put("Broken", new Report("Broken", "JUNITXML", List.of("build/broken.xml"), List.of(), null));
        reports.put("Escape", new Report("Escape", "JUNITXML", List.of("../../etc/passwd"), List.of(), null));
        reports.put("Odd", new Report("Odd", "MARKDOWN", List.of("x"), List.of(), null));

        ActionReports r = collector.collect(outputs(reports, null), inputs, ws);

        assertThat(r.reports()).isEmpty();
        assertThat(r.failed()).isFalse();
        assertThat(r.problems()).hasSize(5).anySatisfy(p -> assertThat(p).contains("'Missing'")
                        .contains("no file matched").contains("not evaluated"))
                .anySatisfy(p -> assertThat(p).contains("'Broken'").contains("build/broken.xml")
                        .contains("not a valid JUNITXML file"))
                .anySatisfy(p -> assertThat(p).contains("'Escape'").contains("'..'"))
                .anySatisfy(p -> assertThat(p).contains("unknown Format 'MARKDOWN'"));
    }

    @Test
    void aLinkPointingOutIsNotReadButNoted() throws IOException {
        Path outside = Files.writeString(ws.getParent().resolve("outside-" + System.nanoTime() + ".xml"),
                Files.readString(sample("junit.xml")));
        try {
            Files.createSymbolicLink(src.resolve("leak.xml"), outside);
            AutoDiscoverReports auto = new AutoDiscoverReports(true, "", List.of("*.xml"), List.of(), null);
            ActionReports r = collector.collect(outputs(Map.of(), auto), inputs, ws);
            assertThat(r.reports()).isEmpty();
            assertThat(r.problems()).singleElement().asString().contains("leak.xml").contains("outside the workspace");
        } finally {
            Files.deleteIfExists(outside);
        }
    }

    private static Outputs outputs(Map<String, Report> reports, AutoDiscoverReports auto) {
        return new Outputs(List.of(), List.of(), auto, reports);
    }

    private void copy(String sample, String to) throws IOException {
        Path p = src.resolve(to);
        Files.createDirectories(p.getParent());
        Files.copy(sample(sample), p);
    }
}
