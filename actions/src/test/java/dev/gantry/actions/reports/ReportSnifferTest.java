package dev.gantry.actions.reports;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.gantry.actions.reports.ReportParsersTest.sample;
import static org.assertj.core.api.Assertions.assertThat;

class ReportSnifferTest {
    final ReportSniffer sniffer = new ReportSniffer();

    @ParameterizedTest
    @CsvSource({"junit.xml, JUNITXML", "nunit2.xml, NUNITXML", "nunit3.xml, NUNIT3XML", "testng.xml, TESTNGXML",
            "results.trx, VISUALSTUDIOTRX", "cucumber.json, CUCUMBERJSON", "jacoco.xml, JACOCOXML",
            "cobertura.xml, COBERTURAXML", "cobertura-old.xml, COBERTURAXML", "clover.xml, CLOVERXML",
            "lcov.info, LCOV", "coverage.json, SIMPLECOV", "resultset.json, SIMPLECOV", "bandit.sarif, SARIFSA",
            "trivy.sarif, SARIFSCA", "eslint.json, ESLINTJSON", "pylint.json, PYLINTJSON"})
    void recognisesEachFormatByContent(String file, ReportFormat format) {
        assertThat(sniffer.sniff(sample(file))).contains(format);
    }

    @ParameterizedTest
    @ValueSource(strings = {"package.json", "pylint-text.py"})
    void leavesOtherFilesAlone(String file) {
        assertThat(sniffer.sniff(sample(file))).isEmpty();
    }
}
