package dev.gantry.actions.reports;

import java.util.Locale;
import java.util.Optional;

/** Finding severities, most severe first, as the service ranks them for {@code {Severity, Number}} criteria. */
public enum Severity {
    CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL;

    /** Whether this severity is {@code threshold} or more severe. */
    public boolean atLeast(Severity threshold) {
        return ordinal() <= threshold.ordinal();
    }

    public static Optional<Severity> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.equals("INFO")) {
            return Optional.of(INFORMATIONAL);
        }
        for (Severity s : values()) {
            if (s.name().equals(t)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** A CVSS-style score (as SARIF's {@code security-severity}) as a severity. */
    public static Severity ofScore(double score) {
        if (score >= 9.0) {
            return CRITICAL;
        }
        if (score >= 7.0) {
            return HIGH;
        }
        if (score >= 4.0) {
            return MEDIUM;
        }
        return score > 0 ? LOW : INFORMATIONAL;
    }
}
