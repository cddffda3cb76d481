package dev.gantry.actions.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Recognises a report file by its content (for {@code AutoDiscoverReports}): the root element of XML files, the
 * shape of JSON files, the first record of LCOV files. Only files whose extension can hold a report are opened
 * ({@code .xml}, {@code .trx}, {@code .json}, {@code .sarif}, {@code .info}, {@code .lcov}).
 */
public final class ReportSniffer {
    /** JSON files larger than this are not opened while discovering. */
    static final long MAX_JSON_BYTES = 32L << 20;

    private final ObjectMapper json = new ObjectMapper();

    /** The format of the file, when it is a report. */
    public Optional<ReportFormat> sniff(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".xml") || name.endsWith(".trx")) {
                return xml(file);
            }
            if (name.endsWith(".json") || name.endsWith(".sarif")) {
                return Files.size(file) <= MAX_JSON_BYTES ? json(file) : Optional.empty();
            }
            if (name.endsWith(".info") || name.endsWith(".lcov") || name.startsWith("lcov")) {
                return lcov(file);
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<ReportFormat> xml(Path file) throws IOException {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader r = f.createXMLStreamReader(in);
            try {
                while (r.hasNext()) {
                    if (r.next() != XMLStreamConstants.START_ELEMENT) {
                        continue;
                    }
                    return switch (r.getLocalName()) {
                        case "testsuites", "testsuite" -> Optional.of(ReportFormat.JUNITXML);
                        case "test-results" -> Optional.of(ReportFormat.NUNITXML);
                        case "test-run" -> Optional.of(ReportFormat.NUNIT3XML);
                        case "testng-results" -> Optional.of(ReportFormat.TESTNGXML);
                        case "TestRun" -> Optional.of(ReportFormat.VISUALSTUDIOTRX);
                        case "report" -> r.getAttributeValue(null, "name") != null
                                ? Optional.of(ReportFormat.JACOCOXML) : Optional.empty();
                        case "coverage" -> r.getAttributeValue(null, "line-rate") != null
                                || r.getAttributeValue(null, "lines-valid") != null
                                ? Optional.of(ReportFormat.COBERTURAXML)
                                : r.getAttributeValue(null, "generated") != null
                                ? Optional.of(ReportFormat.CLOVERXML) : Optional.empty();
                        default -> Optional.empty();
                    };
                }
            } finally {
                r.close();
            }
        } catch (javax.xml.stream.XMLStreamException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Keys one of which every JSON report format has near its start; other JSON files are not parsed. */
    private static final java.util.regex.Pattern JSON_HINT = java.util.regex.Pattern.compile(
            "\"(runs|coverage|filePath|elements|message-id|symbol|messages|timestamp)\"\\s*:");

    private Optional<ReportFormat> json(Path file) throws IOException {
        byte[] head = new byte[16384];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (!JSON_HINT.matcher(new String(head, 0, n, StandardCharsets.UTF_8)).find()) {
            return Optional.empty(); // package.json, tsconfig.json, ...: not worth a parse
        }
        JsonNode root = json.readTree(file.toFile());
        if (root == null) {
            return Optional.empty();
        }
        if (root.isObject()) {
            if (root.path("runs").isArray() && (root.has("version") || root.path("$schema").asText().contains("sarif"))) {
                return Optional.of(looksLikeSca(root) ? ReportFormat.SARIFSCA : ReportFormat.SARIFSA);
            }
            if (root.path("coverage").isObject() && (root.has("meta") || root.has("timestamp"))) {
                return Optional.of(ReportFormat.SIMPLECOV);
            }
            if (root.size() > 0) {
                boolean resultSet = true;
                for (JsonNode v : root) {
                    resultSet &= v.path("coverage").isObject() && v.has("timestamp");
                }
                if (resultSet) {
                    return Optional.of(ReportFormat.SIMPLECOV);
                }
            }
            if (root.path("messages").isArray() && root.has("statistics")) {
                return Optional.of(ReportFormat.PYLINTJSON);
            }
            return Optional.empty();
        }
        if (root.isArray() && root.size() > 0 && root.get(0).isObject()) {
            JsonNode first = root.get(0);
            if (first.has("filePath") && first.path("messages").isArray()) {
                return Optional.of(ReportFormat.ESLINTJSON);
            }
            if (first.has("type") && first.has("module") && (first.has("symbol") || first.has("message-id"))) {
                return Optional.of(ReportFormat.PYLINTJSON);
            }
            if (first.path("elements").isArray() && (first.has("uri") || first.has("keyword"))) {
                return Optional.of(ReportFormat.CUCUMBERJSON);
            }
        }
        return Optional.empty();
    }

    /**
     * SARIF from software-composition tools carries CVSS scores ({@code security-severity}) on its rules or
     * results; such a log is read as {@code SARIFSCA}, any other as {@code SARIFSA}.
     */
    static boolean looksLikeSca(JsonNode sarif) {
        for (JsonNode run : sarif.path("runs")) {
            for (JsonNode rule : run.path("tool").path("driver").path("rules")) {
                if (rule.path("properties").has("security-severity")) {
                    return true;
                }
            }
            for (JsonNode res : run.path("results")) {
                if (res.path("properties").has("security-severity")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Optional<ReportFormat> lcov(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                line = line.strip();
                if (line.isEmpty()) {
                    continue;
                }
                return line.startsWith("TN:") || line.startsWith("SF:") ? Optional.of(ReportFormat.LCOV)
                        : Optional.empty();
            }
        }
        return Optional.empty();
    }
}
