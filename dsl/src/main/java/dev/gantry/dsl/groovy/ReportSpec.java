package dev.gantry.dsl.groovy;

import dev.gantry.engine.model.SuccessCriteria;
import dev.gantry.engine.model.Threshold;
import groovy.transform.NamedParam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The block of a {@code report} or of {@code autoDiscoverReports}: its {@code SuccessCriteria}. */
public final class ReportSpec {
    private static final List<String> STATIC_ANALYSIS = List.of("staticAnalysisBug", "staticAnalysisSecurity",
            "staticAnalysisQuality", "staticAnalysisCodeSmell", "staticAnalysisOther", "staticAnalysisFinding");
    private final DslContext ctx;
    private final String path;
    private SuccessCriteria criteria;

    ReportSpec(DslContext ctx, String path) {
        this.ctx = ctx;
        this.path = path;
    }

    /**
     * {@code SuccessCriteria}: {@code successCriteria passRate: 100, lineCoverage: 80, branchCoverage: 70,
     * vulnerabilities: [severity: 'HIGH', number: 0], staticAnalysisBug: [severity: 'MEDIUM', number: 5]}.
     */
    public void successCriteria(@NamedParam("passRate")
                                @NamedParam("lineCoverage")
                                @NamedParam("branchCoverage")
                                @NamedParam("vulnerabilities")
                                @NamedParam("staticAnalysisBug")
                                @NamedParam("staticAnalysisSecurity")
                                @NamedParam("staticAnalysisQuality")
                                @NamedParam("staticAnalysisCodeSmell")
                                @NamedParam("staticAnalysisOther")
                                @NamedParam("staticAnalysisFinding") Map<String, ?> args) {
        CallSite site = ctx.site();
        List<String> allowed = new ArrayList<>(List.of("passRate", "lineCoverage", "branchCoverage",
                "vulnerabilities"));
        allowed.addAll(STATIC_ANALYSIS);
        ctx.checkNamedArgs(args, allowed, "successCriteria", site);
        ctx.mark(path, site.at("successCriteria"));
        Double passRate = number(args, "passRate", "/PassRate", site);
        Double line = number(args, "lineCoverage", "/LineCoverage", site);
        Double branch = number(args, "branchCoverage", "/BranchCoverage", site);
        Threshold vulnerabilities = threshold(args.get("vulnerabilities"), "vulnerabilities", "/Vulnerabilities", site);
        Map<String, Threshold> staticAnalysis = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : args.entrySet()) {
            if (STATIC_ANALYSIS.contains(e.getKey())) {
                String key = e.getKey().substring(0, 1).toUpperCase(Locale.ROOT) + e.getKey().substring(1);
                staticAnalysis.put(key, threshold(e.getValue(), e.getKey(), "/" + key, site));
            }
        }
        criteria = new SuccessCriteria(passRate, line, branch, vulnerabilities, staticAnalysis);
    }

    private Double number(Map<String, ?> args, String key, String sub, CallSite site) {
        Object v = args.get(key);
        if (v == null) {
            return null;
        }
        ctx.mark(path + sub, site.at(key));
        try {
            return DslValues.decimal(v);
        } catch (NumberFormatException e) {
            ctx.error(site.at(key), "type", key + " must be a number, not '" + v + "'");
            return null;
        }
    }

    private Threshold threshold(Object value, String key, String sub, CallSite site) {
        if (value == null) {
            return null;
        }
        ctx.mark(path + sub, site.at(key));
        if (!(value instanceof Map<?, ?> m)) {
            ctx.error(site.at(key), "type", key + " takes [severity: 'HIGH', number: 0]");
            return null;
        }
        for (Object k : m.keySet()) {
            if (!"severity".equals(k) && !"number".equals(k)) {
                ctx.error(site.at(String.valueOf(k)), "unknown-key", key + " has no '" + k
                        + "'; it takes severity: and number:");
            }
        }
        String severity = ctx.text(m.get("severity"));
        Integer number = null;
        try {
            number = DslValues.integer(m.get("number"));
        } catch (RuntimeException e) {
            ctx.error(site.at(key), "type", key + ": number must be a whole number, not '" + m.get("number") + "'");
        }
        ctx.mark(path + sub + "/Severity", site.valueAt(key, severity));
        ctx.mark(path + sub + "/Number", site.at(key));
        return new Threshold(severity == null ? null : severity.toUpperCase(Locale.ROOT), number);
    }

    SuccessCriteria successCriteria() {
        return criteria;
    }
}
