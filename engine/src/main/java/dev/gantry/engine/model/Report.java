package dev.gantry.engine.model;

import java.util.List;

/**
 * One {@code Outputs.Reports} entry.
 *
 * @param name            the report's name
 * @param format          {@code Format} upper-cased, e.g. {@code JUNITXML}, {@code COBERTURAXML}, {@code SARIFSA}
 * @param includePaths    {@code IncludePaths}
 * @param excludePaths    {@code ExcludePaths}
 * @param successCriteria {@code SuccessCriteria}, or {@code null}
 */
public record Report(String name, String format, List<String> includePaths, List<String> excludePaths,
                     SuccessCriteria successCriteria) {
    public Report {
        includePaths = List.copyOf(includePaths);
        excludePaths = List.copyOf(excludePaths);
    }
}
