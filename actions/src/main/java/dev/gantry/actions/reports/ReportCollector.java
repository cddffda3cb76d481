package dev.gantry.actions.reports;

import dev.gantry.actions.artifacts.ArtifactException;
import dev.gantry.actions.artifacts.FileSelector;
import dev.gantry.actions.artifacts.GlobPattern;
import dev.gantry.actions.artifacts.InputLayout;
import dev.gantry.engine.model.AutoDiscoverReports;
import dev.gantry.engine.model.Outputs;
import dev.gantry.engine.model.Report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds, reads and judges an action's reports after its steps ran (also when a step failed: the service still
 * reads the report files written before the failure).
 *
 * <ul>
 *   <li>{@code Reports}: each report's {@code IncludePaths} minus {@code ExcludePaths}, relative to the primary
 *       input; the service expects exactly one file, several are read and merged (noted);</li>
 *   <li>{@code AutoDiscoverReports} (when present and enabled): the files under {@code IncludePaths} (default
 *       {@code **}{@code /*}) of every input minus {@code ExcludePaths} and minus the files of manual reports, recognised by
 *       content ({@link ReportSniffer}) and named prefix + file name without extension;</li>
 *   <li>each report's {@code SuccessCriteria} (the auto-discovery ones for discovered reports) are evaluated by
 *       {@link SuccessCriteriaCheck}.</li>
 * </ul>
 * Missing, malformed or refused files are problems (warnings), never exceptions.
 */
public final class ReportCollector {
    private final ReportParsers parsers = new ReportParsers();
    private final ReportSniffer sniffer = new ReportSniffer();
    private final SuccessCriteriaCheck check = new SuccessCriteriaCheck();

    /**
     * Collects the reports of an action.
     *
     * @param outputs   the action's {@code Outputs}
     * @param inputs    where its inputs are
     * @param workspace the action's workspace root (nothing outside it and the input folders is read)
     */
    public ActionReports collect(Outputs outputs, InputLayout inputs, Path workspace) {
        if (outputs.reports().isEmpty() && (outputs.autoDiscover() == null || !outputs.autoDiscover().enabled())) {
            return ActionReports.NONE;
        }
        List<ParsedReport> reports = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<CriterionResult> criteria = new ArrayList<>();
        FileSelector selector;
        try {
            List<Path> folders = new ArrayList<>();
            folders.add(workspace);
            folders.addAll(inputs.dirs().values());
            selector = new FileSelector(folders, false);
        } catch (ArtifactException e) {
            return new ActionReports(List.of(), List.of("reports not read: " + e.getMessage()), List.of());
        }
        Set<String> manualFiles = new HashSet<>();
        for (Report r : outputs.reports().values()) {
            Optional<ReportFormat> format = ReportFormat.parse(r.format());
            if (format.isEmpty()) {
                problems.add("report '" + r.name() + "': unknown Format '" + r.format() + "'");
                continue;
            }
            Map<String, Path> files = select(selector, inputs, false, r.includePaths(), r.excludePaths(),
                    "report '" + r.name() + "'", problems);
            manualFiles.addAll(files.keySet());
            if (files.isEmpty()) {
                problems.add("report '" + r.name() + "' (" + format.get() + "): no file matched IncludePaths "
                        + r.includePaths() + (r.successCriteria() != null ? "; its success criteria were not"
                        + " evaluated" : ""));
                continue;
            }
            if (files.size() > 1) {
                problems.add("report '" + r.name() + "': IncludePaths matched " + files.size() + " files (the"
                        + " service expects exactly one); all were read");
            }
            List<ReportData> parts = new ArrayList<>();
            for (Map.Entry<String, Path> f : files.entrySet()) {
                try {
                    parts.add(parsers.parse(format.get(), f.getValue()));
                } catch (ReportParseException e) {
                    problems.add("report '" + r.name() + "': " + f.getKey() + " is not a valid " + format.get()
                            + " file: " + e.getMessage());
                }
            }
            if (parts.isEmpty()) {
                continue;
            }
            ParsedReport parsed = new ParsedReport(r.name(), format.get(), false, new ArrayList<>(files.keySet()),
                    ReportData.merge(parts));
            reports.add(parsed);
            criteria.addAll(check.evaluate(parsed, r.successCriteria(), problems));
        }
        AutoDiscoverReports auto = outputs.autoDiscover();
        if (auto != null && auto.enabled()) {
            List<String> include = auto.includePaths().isEmpty() ? List.of("**/*") : auto.includePaths();
            Map<String, Path> files = select(selector, inputs, true, include, auto.excludePaths(), "AutoDiscoverReports",
                    problems);
            Set<String> names = new HashSet<>();
            reports.forEach(r -> names.add(r.name()));
            String prefix = auto.reportNamePrefix() == null ? "" : auto.reportNamePrefix();
            for (Map.Entry<String, Path> f : files.entrySet()) {
                if (manualFiles.contains(f.getKey())) {
                    continue;
                }
                Optional<ReportFormat> format = sniffer.sniff(f.getValue());
                if (format.isEmpty()) {
                    continue;
                }
                ReportData data;
                try {
                    data = parsers.parse(format.get(), f.getValue());
                } catch (ReportParseException e) {
                    problems.add("discovered report " + f.getKey() + " looks like " + format.get()
                            + " but cannot be read: " + e.getMessage());
                    continue;
                }
                String name = uniqueName(prefix + baseName(f.getKey()), names);
                ParsedReport parsed = new ParsedReport(name, format.get(), true, List.of(f.getKey()), data);
                reports.add(parsed);
                criteria.addAll(check.evaluate(parsed, auto.successCriteria(), problems));
            }
        }
        return new ActionReports(reports, problems, criteria);
    }

    /**
     * The files the patterns select minus the excluded ones, keyed by their path as shown, sorted. A pattern is
     * relative to the primary input (or to the input its {@code $CATALYST_SOURCE_DIR_<label>/} prefix names); with
     * {@code everyInput}, an unprefixed pattern applies to every input (auto-discovery searches all inputs).
     */
    private static Map<String, Path> select(FileSelector selector, InputLayout inputs, boolean everyInput,
                                            List<String> include, List<String> exclude, String what,
                                            List<String> problems) {
        Map<String, Path> out = new java.util.TreeMap<>();
        List<Matcher> excluded = new ArrayList<>();
        for (String e : exclude) {
            try {
                for (InputLayout.Located at : locate(inputs, e, everyInput)) {
                    excluded.add(new Matcher(at.dir(), GlobPattern.parse(at.rest().isEmpty() ? "**" : at.rest())));
                }
            } catch (ArtifactException ex) {
                problems.add(what + ": ExcludePaths: " + ex.getMessage());
            }
        }
        for (String inc : include) {
            try {
                for (InputLayout.Located at : locate(inputs, inc, everyInput)) {
                    GlobPattern p = GlobPattern.parse(at.rest().isEmpty() ? "**" : at.rest());
                    FileSelector.Selection sel = selector.select(at.dir(), List.of(p));
                    for (String esc : sel.escaping()) {
                        problems.add(what + ": " + esc + " is a symbolic link pointing outside the workspace; not"
                                + " read");
                    }
                    for (FileSelector.Selected s : sel.files()) {
                        boolean skip = false;
                        for (Matcher m : excluded) {
                            skip |= m.dir().equals(at.dir()) && m.pattern().matches(s.relativePath());
                        }
                        if (!skip) {
                            String shown = at.input().equals(inputs.primary()) ? s.relativePath()
                                    : "$" + InputLayout.SOURCE_DIR_VAR + at.input() + "/" + s.relativePath();
                            out.put(shown, s.source());
                        }
                    }
                }
            } catch (ArtifactException ex) {
                problems.add(what + ": " + ex.getMessage());
            }
        }
        return out;
    }

    private static List<InputLayout.Located> locate(InputLayout inputs, String pattern, boolean everyInput)
            throws ArtifactException {
        InputLayout.Located at = inputs.locate(pattern);
        boolean prefixed = !at.rest().equals(pattern.trim());
        if (!everyInput || prefixed) {
            return List.of(at);
        }
        List<InputLayout.Located> all = new ArrayList<>();
        inputs.dirs().forEach((label, dir) -> all.add(new InputLayout.Located(label, dir, at.rest())));
        return all;
    }

    private record Matcher(Path dir, GlobPattern pattern) {
    }

    private static String baseName(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String uniqueName(String wanted, Set<String> taken) {
        String name = wanted;
        for (int i = 2; !taken.add(name); i++) {
            name = wanted + "_" + i;
        }
        return name;
    }
}
