package dev.gantry.engine.model;

import java.util.List;

/**
 * {@code Outputs.AutoDiscoverReports}.
 *
 * @param enabled          {@code Enabled} (defaults to true when the section exists)
 * @param reportNamePrefix {@code ReportNamePrefix}
 * @param includePaths     {@code IncludePaths} (empty: the service's default {@code **}{@code /*})
 * @param excludePaths     {@code ExcludePaths}
 * @param successCriteria  {@code SuccessCriteria}, or {@code null}
 */
public record AutoDiscoverReports(boolean enabled, String reportNamePrefix, List<String> includePaths,
                                  List<String> excludePaths, SuccessCriteria successCriteria) {
    public AutoDiscoverReports {
        includePaths = List.copyOf(includePaths);
        excludePaths = List.copyOf(excludePaths);
    }
}
