package dev.gantry.actions.reports;

import java.util.List;

/**
 * A report of an action, read from its file(s).
 *
 * @param name           the report's name ({@code Reports} key, or prefix + file name when auto-discovered)
 * @param format         its format
 * @param autoDiscovered whether {@code AutoDiscoverReports} found it
 * @param files          the files read, relative to the primary input
 * @param data           what they hold
 */
public record ParsedReport(String name, ReportFormat format, boolean autoDiscovered, List<String> files,
                           ReportData data) {
    public ParsedReport {
        files = List.copyOf(files);
    }
}
