package dev.gantry.actions.reports;

import dev.gantry.actions.reports.ReportData.Coverage;
import dev.gantry.actions.reports.ReportData.Findings;
import dev.gantry.actions.reports.ReportData.TestStatus;
import dev.gantry.actions.reports.ReportData.Tests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class ReportParsersTest {
    final ReportParsers parsers = new ReportParsers();
    @TempDir
    Path tmp;

    static Path sample(String name) {
        try {
            return Path.of(ReportParsersTest.class.getResource("/reports/" + name).toURI());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    Tests tests(ReportFormat f, String file) throws ReportParseException {
        return (Tests) parsers.parse(f, sample(file));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"JUNITXML, junit.xml, 2, 1, 1, 1", "NUNITXML, nunit2.xml, 1, 1, 1, 0", "NUNIT3XML, nunit3.xml, 1, 1, 1, 0",
            "TESTNGXML, testng.xml, 1, 1, 1, 0", "VISUALSTUDIOTRX, results.trx, 1, 1, 1, 0",
            "CUCUMBERJSON, cucumber.json, 1, 1, 1, 0"})
    void testFormatsCountPassedFailedSkipped(ReportFormat f, String file, long passed, long failed, long skipped,
                                             long errors) throws Exception {
        Tests t = tests(f, file);
        assertThat(t.passed()).isEqualTo(passed);
        assertThat(t.failed()).isEqualTo(failed + errors);
        assertThat(t.skipped()).isEqualTo(skipped);
        assertThat(t.cases()).filteredOn(c -> c.status() == TestStatus.FAILED).first()
                .satisfies(c -> assertThat(c.message()).isNotBlank());
    }

    @Test
    void junitKeepsNamesMessagesAndSuites() throws Exception {
        Tests t = tests(ReportFormat.JUNITXML, "junit.xml");
        assertThat(t.cases()).extracting(ReportData.TestCase::fullName, ReportData.TestCase::status)
                .containsExactly(tuple("demo.CalcTest.adds", TestStatus.PASSED),
                        tuple("demo.CalcTest.divides", TestStatus.FAILED),
                        tuple("demo.CalcTest.overflows", TestStatus.FAILED),
                        tuple("demo.CalcTest.later", TestStatus.SKIPPED),
                        tuple("tests.test_util.test_ok", TestStatus.PASSED));
        assertThat(t.cases().get(1).message()).isEqualTo("expected: <2> but was: <3>");
        assertThat(t.passRate()).isEqualTo(50.0);
        assertThat(tests(ReportFormat.VISUALSTUDIOTRX, "results.trx").cases().get(1).seconds()).isEqualTo(1.5);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"JACOCOXML, jacoco.xml, 80, 100, 5, 8", "COBERTURAXML, cobertura.xml, 150, 200, 30, 40",
            "COBERTURAXML, cobertura-old.xml, 2, 4, 1, 2", "CLOVERXML, clover.xml, 45, 50, 6, 10",
            "LCOV, lcov.info, 3, 5, 2, 4", "SIMPLECOV, coverage.json, 3, 4, 1, 2",
            "SIMPLECOV, resultset.json, 2, 3, 1, 2"})
    void coverageFormatsGiveLineAndBranchTotals(ReportFormat f, String file, long lc, long lt, long bc, long bt)
            throws Exception {
        assertThat(parsers.parse(f, sample(file))).isEqualTo(new Coverage(lc, lt, bc, bt));
    }

    @Test
    void sarifStaticAnalysisSeveritiesCategoriesAndSuppressions() throws Exception {
        Findings f = (Findings) parsers.parse(ReportFormat.SARIFSA, sample("bandit.sarif"));
        assertThat(f.findings()).extracting(ReportData.Finding::severity, ReportData.Finding::category,
                        ReportData.Finding::location)
                .containsExactly(tuple(Severity.HIGH, FindingCategory.SECURITY, "app.py:3"),
                        tuple(Severity.MEDIUM, FindingCategory.SECURITY, ""),
                        tuple(Severity.LOW, FindingCategory.CODE_SMELL, ""));
        assertThat(f.count(Severity.MEDIUM, null)).isEqualTo(2);
    }

    @Test
    void sarifScaUsesCvssScores() throws Exception {
        Findings f = (Findings) parsers.parse(ReportFormat.SARIFSCA, sample("trivy.sarif"));
        assertThat(f.findings()).extracting(ReportData.Finding::severity, ReportData.Finding::rule)
                .containsExactly(tuple(Severity.CRITICAL, "CVE-2024-0001"), tuple(Severity.MEDIUM, "CVE-2024-0002"));
    }

    @Test
    void sarifOtherThan210IsRefused() throws Exception {
        Path old = Files.writeString(tmp.resolve("old.sarif"), "{\"version\":\"2.0.0\",\"runs\":[]}");
        assertThatThrownBy(() -> parsers.parse(ReportFormat.SARIFSA, old)).isInstanceOf(ReportParseException.class)
                .hasMessageContaining("2.1.0");
    }

    @Test
    void eslintAndPylint() throws Exception {
        Findings e = (Findings) parsers.parse(ReportFormat.ESLINTJSON, sample("eslint.json"));
        assertThat(e.findings()).extracting(ReportData.Finding::severity, ReportData.Finding::category)
                .containsExactly(tuple(Severity.HIGH, FindingCategory.QUALITY), tuple(Severity.MEDIUM,
                                FindingCategory.QUALITY), tuple(Severity.HIGH, FindingCategory.SECURITY),
                        tuple(Severity.CRITICAL, FindingCategory.BUG));
        Findings p = (Findings) parsers.parse(ReportFormat.PYLINTJSON, sample("pylint.json"));
        assertThat(p.findings()).extracting(ReportData.Finding::severity, ReportData.Finding::category)
                .containsExactly(tuple(Severity.LOW, FindingCategory.CODE_SMELL), tuple(Severity.HIGH,
                        FindingCategory.BUG), tuple(Severity.MEDIUM, FindingCategory.SECURITY));
    }

    @Test
    void pylintTextOutputIsAMalformedReportNotACrash() {
        assertThatThrownBy(() -> parsers.parse(ReportFormat.PYLINTJSON, sample("pylint-text.py")))
                .isInstanceOf(ReportParseException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void malformedAndWrongFilesAreReportedWithWhere() throws Exception {
        Path broken = Files.writeString(tmp.resolve("broken.xml"), "<testsuite><testcase name='a'>");
        assertThatThrownBy(() -> parsers.parse(ReportFormat.JUNITXML, broken))
                .isInstanceOf(ReportParseException.class).hasMessageContaining("line 1");
        assertThatThrownBy(() -> parsers.parse(ReportFormat.JUNITXML, sample("jacoco.xml")))
                .hasMessageContaining("root element is <report>");
        assertThatThrownBy(() -> parsers.parse(ReportFormat.LCOV, sample("junit.xml")))
                .isInstanceOf(ReportParseException.class);
        Path empty = Files.writeString(tmp.resolve("empty.json"), "");
        assertThatThrownBy(() -> parsers.parse(ReportFormat.ESLINTJSON, empty)).isInstanceOf(ReportParseException.class);
    }

    @Test
    void externalEntitiesAreNeverResolved() throws Exception {
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "TOP-SECRET");
        Path xxe = Files.writeString(tmp.resolve("xxe.xml"), "<?xml version=\"1.0\"?>\n<!DOCTYPE t [<!ENTITY x SYSTEM \""
                + secret.toUri() + "\">]>\n<testsuite><testcase name=\"a\"><failure message=\"m\">&x;</failure>"
                + "</testcase></testsuite>");
        try {
            Tests t = (Tests) parsers.parse(ReportFormat.JUNITXML, xxe);
            assertThat(t.cases().get(0).message()).doesNotContain("TOP-SECRET");
        } catch (ReportParseException refused) {
            assertThat(refused.getMessage()).doesNotContain("TOP-SECRET");
        }
    }

    @Test
    void entityExpansionBombsAreRefused() throws Exception {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE t [<!ENTITY a0 \"lol\">");
        for (int i = 1; i <= 10; i++) {
            b.append("<!ENTITY a").append(i).append(" \"").append(("&a" + (i - 1) + ";").repeat(10)).append("\">");
        }
        b.append("]>\n<testsuite><testcase name=\"x\"><failure message=\"&a10;\"/></testcase></testsuite>");
        Path bomb = Files.writeString(tmp.resolve("bomb.xml"), b);
        assertThatThrownBy(() -> parsers.parse(ReportFormat.JUNITXML, bomb)).isInstanceOf(ReportParseException.class);
    }
}
