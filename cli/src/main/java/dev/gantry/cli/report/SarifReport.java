package dev.gantry.cli.report;

import dev.gantry.service.records.Json;
import dev.gantry.engine.diagnostic.Diagnostic;
import dev.gantry.engine.diagnostic.Severity;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A SARIF 2.1.0 log with one run: the tool with the rules that fired, and one result per diagnostic. File
 * locations are relative to {@code %SRCROOT%} (the current folder, normally the repository root) so that code
 * scanning (e.g. GitHub's) places them; columns count Unicode code points.
 */
public final class SarifReport implements DiagnosticsReport {
    private static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    private final String toolVersion;
    private final Path root;

    /**
     * @param toolVersion Gantry's version
     * @param root        the folder relative display names are relative to
     */
    public SarifReport(String toolVersion, Path root) {
        this.toolVersion = toolVersion;
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public void write(List<FileDiagnostics> files, PrintWriter out) {
        List<Diagnostic> all = files.stream().flatMap(f -> f.diagnostics().stream()).toList();
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        Map<String, Severity> ruleLevel = new LinkedHashMap<>();
        for (Diagnostic d : all) {
            ruleIndex.putIfAbsent(d.rule(), ruleIndex.size());
            ruleLevel.merge(d.rule(), d.severity(), (a, b) -> a.ordinal() <= b.ordinal() ? a : b);
        }
        out.println("{");
        out.println("  \"$schema\": " + Json.write(SCHEMA) + ",");
        out.println("  \"version\": \"2.1.0\",");
        out.println("  \"runs\": [");
        out.println("    {");
        out.println("      \"tool\": {");
        out.println("        \"driver\": {");
        out.println("          \"name\": \"gantry\",");
        out.println("          \"version\": " + Json.write(toolVersion) + ",");
        out.println("          \"rules\": [");
        List<String> rules = new ArrayList<>(ruleIndex.keySet());
        for (int i = 0; i < rules.size(); i++) {
            String id = rules.get(i);
            out.print("            {\"id\": " + Json.write(id)
                    + ", \"shortDescription\": {\"text\": " + Json.write(RuleDescriptions.describe(id)) + "}"
                    + ", \"defaultConfiguration\": {\"level\": " + Json.write(level(ruleLevel.get(id))) + "}}");
            out.println(i + 1 < rules.size() ? "," : "");
        }
        out.println("          ]");
        out.println("        }");
        out.println("      },");
        out.println("      \"originalUriBaseIds\": {\"%SRCROOT%\": {\"uri\": " + Json.write(folderUri(root))
                + "}},");
        out.println("      \"columnKind\": \"unicodeCodePoints\",");
        out.println("      \"results\": [");
        for (int i = 0; i < all.size(); i++) {
            Diagnostic d = all.get(i);
            out.print("        {\"ruleId\": " + Json.write(d.rule())
                    + ", \"ruleIndex\": " + ruleIndex.get(d.rule())
                    + ", \"level\": " + Json.write(level(d.severity()))
                    + ", \"message\": {\"text\": " + Json.write(d.message()) + "}"
                    + ", \"locations\": [{\"physicalLocation\": {" + artifactLocation(d.file())
                    + (d.position().known() ? ", \"region\": {\"startLine\": " + d.position().line()
                    + ", \"startColumn\": " + d.position().column() + "}" : "")
                    + "}}]}");
            out.println(i + 1 < all.size() ? "," : "");
        }
        out.println("      ]");
        out.println("    }");
        out.println("  ]");
        out.println("}");
    }

    private static String level(Severity severity) {
        return switch (severity) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case INFO -> "note";
        };
    }

    /** Relative to %SRCROOT% when the file is under the root, else an absolute file URI. */
    private String artifactLocation(String file) {
        Path p = Path.of(file);
        Path absolute = root.resolve(p).normalize();
        if (absolute.startsWith(root) && !absolute.equals(root)) {
            String relative = root.relativize(absolute).toString().replace('\\', '/');
            return "\"artifactLocation\": {\"uri\": " + Json.write(encode(relative))
                    + ", \"uriBaseId\": \"%SRCROOT%\"}";
        }
        return "\"artifactLocation\": {\"uri\": " + Json.write(absolute.toUri().toString()) + "}";
    }

    private static String folderUri(Path folder) {
        String uri = folder.toUri().toString();
        return uri.endsWith("/") ? uri : uri + "/";
    }

    /** Percent-encodes what a relative URI reference cannot hold (spaces, '%', '#', '?', non-ASCII ...). */
    static String encode(String relativePath) {
        int slash = relativePath.indexOf('/');
        String first = slash < 0 ? relativePath : relativePath.substring(0, slash);
        String path = first.indexOf(':') >= 0 ? "./" + relativePath : relativePath; // not a scheme
        try {
            return new URI(null, null, path, null).toASCIIString();
        } catch (URISyntaxException e) {
            return relativePath.replace(" ", "%20");
        }
    }
}
