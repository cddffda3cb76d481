package dev.gantry.dsl.groovy;

import dev.gantry.engine.model.AutoDiscoverReports;
import dev.gantry.engine.model.OutputArtifact;
import dev.gantry.engine.model.Outputs;
import dev.gantry.engine.model.Report;
import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.transform.NamedParam;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The {@code outputs { ... }} block: {@code Artifacts}, {@code Variables}, {@code AutoDiscoverReports}, {@code Reports}. */
public final class OutputsSpec {
    private final DslContext ctx;
    private final String path;
    private final List<OutputArtifact> artifacts = new ArrayList<>();
    private final List<String> variables = new ArrayList<>();
    private AutoDiscoverReports autoDiscover;
    private final Map<String, Report> reports = new LinkedHashMap<>();

    OutputsSpec(DslContext ctx, String path) {
        this.ctx = ctx;
        this.path = path;
    }

    /** One of {@code Artifacts}: {@code artifact 'site', files: ['dist/**}{@code /*']}. */
    public void artifact(@NamedParam("files") Map<String, ?> args, CharSequence name) {
        CallSite site = ctx.site();
        ctx.checkNamedArgs(args, List.of("files"), "artifact", site);
        String n = ctx.text(name);
        List<String> files = ctx.texts(args.get("files"), "Files");
        String p = path + "/Artifacts/" + artifacts.size();
        ctx.mark(path + "/Artifacts", site.at("artifact"));
        ctx.mark(p, site.at("artifact"));
        ctx.mark(p + "/Name", site.valueAt("artifact", n));
        ctx.mark(p + "/Files", site.at("files"));
        for (int i = 0; i < files.size(); i++) {
            ctx.mark(p + "/Files/" + i, site.valueAt("files", files.get(i)));
        }
        artifacts.add(new OutputArtifact(n, files));
    }

    /** {@code Variables}: names of variables whose final values the action exports. */
    public void variables(CharSequence... names) {
        variables(java.util.Arrays.asList((Object[]) names));
    }

    /** {@code Variables}, from a list. */
    public void variables(Collection<?> names) {
        CallSite site = ctx.site();
        ctx.mark(path + "/Variables", site.at("variables"));
        for (String n : ctx.texts(names, "Variables")) {
            ctx.mark(path + "/Variables/" + variables.size(), site.valueAt("variables", n));
            variables.add(n);
        }
    }

    /** {@code AutoDiscoverReports}: {@code autoDiscoverReports reportNamePrefix: 'rpt', includePaths: ['**}{@code /*']}. */
    public void autoDiscoverReports(@NamedParam("enabled")
                                    @NamedParam("reportNamePrefix")
                                    @NamedParam("includePaths")
                                    @NamedParam("excludePaths") Map<String, ?> args) {
        autoDiscoverReports(args, null);
    }

    /** {@code AutoDiscoverReports} with {@code successCriteria} in the block. */
    public void autoDiscoverReports(@NamedParam("enabled")
                                    @NamedParam("reportNamePrefix")
                                    @NamedParam("includePaths")
                                    @NamedParam("excludePaths") Map<String, ?> args,
                                    @DelegatesTo(value = ReportSpec.class, strategy = Closure.DELEGATE_FIRST)
                                    Closure<?> body) {
        CallSite site = ctx.site();
        ctx.checkNamedArgs(args, List.of("enabled", "reportNamePrefix", "includePaths", "excludePaths"),
                "autoDiscoverReports", site);
        String p = path + "/AutoDiscoverReports";
        ctx.mark(p, site.at("autoDiscoverReports"));
        Boolean enabled = true;
        try {
            Boolean e = DslValues.bool(args.get("enabled"));
            enabled = e == null || e;
        } catch (IllegalArgumentException e) {
            ctx.error(site.at("enabled"), "type", "enabled: " + e.getMessage());
        }
        ctx.mark(p + "/Enabled", site.at("enabled"));
        String prefix = ctx.text(args.get("reportNamePrefix"));
        ctx.mark(p + "/ReportNamePrefix", site.valueAt("reportNamePrefix", prefix));
        List<String> include = ctx.texts(args.get("includePaths"), "IncludePaths");
        List<String> exclude = ctx.texts(args.get("excludePaths"), "ExcludePaths");
        markList(p + "/IncludePaths", include, site, "includePaths");
        markList(p + "/ExcludePaths", exclude, site, "excludePaths");
        ReportSpec criteria = new ReportSpec(ctx, p + "/SuccessCriteria");
        Blocks.run(body, criteria);
        autoDiscover = new AutoDiscoverReports(enabled, prefix, include, exclude, criteria.successCriteria());
    }

    /** One of {@code Reports}: {@code report('unit', format: 'JUNITXML', includePaths: ['build/junit.xml'])}. */
    public void report(@NamedParam("format")
                       @NamedParam("includePaths")
                       @NamedParam("excludePaths") Map<String, ?> args,
                       CharSequence name) {
        report(args, name, null);
    }

    /** One of {@code Reports}, with {@code successCriteria} in the block. */
    public void report(@NamedParam("format")
                       @NamedParam("includePaths")
                       @NamedParam("excludePaths") Map<String, ?> args,
                       CharSequence name,
                       @DelegatesTo(value = ReportSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        CallSite site = ctx.site();
        ctx.checkNamedArgs(args, List.of("format", "includePaths", "excludePaths"), "report", site);
        String n = ctx.text(name);
        if (reports.containsKey(n)) {
            ctx.error(site.valueAt("report", n), "duplicate-key", "report '" + n + "' is already declared");
            return;
        }
        String p = path + "/Reports/" + n;
        ctx.mark(path + "/Reports", site.at("report"));
        ctx.mark(p, site.valueAt("report", n));
        String format = ctx.text(args.get("format"));
        if (format != null) {
            ctx.mark(p + "/Format", site.valueAt("format", format));
            format = format.toUpperCase(Locale.ROOT);
        }
        List<String> include = ctx.texts(args.get("includePaths"), "IncludePaths");
        List<String> exclude = ctx.texts(args.get("excludePaths"), "ExcludePaths");
        markList(p + "/IncludePaths", include, site, "includePaths");
        markList(p + "/ExcludePaths", exclude, site, "excludePaths");
        ReportSpec criteria = new ReportSpec(ctx, p + "/SuccessCriteria");
        Blocks.run(body, criteria);
        reports.put(n, new Report(n, format, include, exclude, criteria.successCriteria()));
    }

    private void markList(String p, List<String> values, CallSite site, String word) {
        if (values.isEmpty()) {
            return;
        }
        ctx.mark(p, site.at(word));
        for (int i = 0; i < values.size(); i++) {
            ctx.mark(p + "/" + i, site.valueAt(word, values.get(i)));
        }
    }

    Outputs build() {
        return new Outputs(artifacts, variables, autoDiscover, reports);
    }
}
