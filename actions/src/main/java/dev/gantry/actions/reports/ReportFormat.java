package dev.gantry.actions.reports;

import java.util.Locale;
import java.util.Optional;

/** The report formats of {@code Outputs.Reports.*.Format}, as the reference lists them. */
public enum ReportFormat {
    JUNITXML(ReportKind.TEST),
    NUNITXML(ReportKind.TEST),
    NUNIT3XML(ReportKind.TEST),
    TESTNGXML(ReportKind.TEST),
    VISUALSTUDIOTRX(ReportKind.TEST),
    CUCUMBERJSON(ReportKind.TEST),
    JACOCOXML(ReportKind.COVERAGE),
    COBERTURAXML(ReportKind.COVERAGE),
    CLOVERXML(ReportKind.COVERAGE),
    LCOV(ReportKind.COVERAGE),
    SIMPLECOV(ReportKind.COVERAGE),
    SARIFSCA(ReportKind.SCA),
    SARIFSA(ReportKind.STATIC_ANALYSIS),
    ESLINTJSON(ReportKind.STATIC_ANALYSIS),
    PYLINTJSON(ReportKind.STATIC_ANALYSIS);

    private final ReportKind kind;

    ReportFormat(ReportKind kind) {
        this.kind = kind;
    }

    public ReportKind kind() {
        return kind;
    }

    /**
     * The format a {@code Format} value names; the legacy camel-case spellings the service's schema accepts
     * ({@code JunitXml}, {@code VisualStudioTRX}, ...) are the same names in another case.
     */
    public static Optional<ReportFormat> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim().toUpperCase(Locale.ROOT);
        for (ReportFormat f : values()) {
            if (f.name().equals(t)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
