package dev.gantry.cli.report;

import picocli.CommandLine;

import java.util.Locale;

/** How {@code gantry validate} prints what it found. */
public enum ReportFormat {
    /** {@code file:line:col: severity: message [rule]}, the source line and a caret, then a summary. */
    TEXT,
    /** A JSON array of {@code {file, line, column, severity, rule, message}}. */
    JSON,
    /** A SARIF 2.1.0 log, for code-scanning tools. */
    SARIF;

    /** Accepts {@code text}, {@code json}, {@code sarif} in any case. */
    public static final class Converter implements CommandLine.ITypeConverter<ReportFormat> {
        @Override
        public ReportFormat convert(String value) {
            try {
                return valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a format: use text, json or "
                        + "sarif");
            }
        }
    }
}
