package dev.gantry.actions.deploy.cfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code parameter-overrides} of {@code aws/cfn-deploy}: {@code K=V,K2=V2} (commas or line breaks between pairs; a
 * piece without {@code =} continues the previous value, so values may hold commas), or the path of a JSON file
 * holding {@code [{"ParameterKey": K, "ParameterValue": V}, ...]} or {@code {"K": "V", ...}}.
 */
final class ParameterOverrides {
    private static final long MAX_FILE_BYTES = 1024 * 1024;

    private ParameterOverrides() {
    }

    /** Whether {@code text} names a JSON file rather than listing pairs. */
    static boolean isFile(String text) {
        String t = text.strip();
        return !t.contains("=") && (t.endsWith(".json") || t.startsWith("file://"));
    }

    /** The pairs listed in {@code text}, in order. */
    static Map<String, String> parsePairs(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        String last = null;
        for (String piece : text.split("[,\\n]")) {
            int eq = piece.indexOf('=');
            if (eq > 0 && !piece.substring(0, eq).isBlank() && piece.substring(0, eq).strip().matches("[A-Za-z0-9]+")) {
                last = piece.substring(0, eq).strip();
                out.put(last, unquote(piece.substring(eq + 1).strip()));
            } else if (last != null && !piece.isBlank()) {
                out.put(last, out.get(last) + "," + piece);
            } else if (!piece.isBlank()) {
                throw new IllegalArgumentException("parameter-overrides: '" + piece.strip()
                        + "' is not KEY=VALUE (give KEY=VALUE,KEY2=VALUE2 or a JSON file)");
            }
        }
        return out;
    }

    /** The pairs in the JSON file {@code file}. */
    static Map<String, String> readFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("parameter-overrides file " + file + " does not exist");
        }
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IOException("parameter-overrides file " + file + " is over 1 MiB");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException("parameter-overrides file " + file + " is not JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (root != null && root.isArray()) {
            for (JsonNode n : root) {
                if (!n.hasNonNull("ParameterKey")) {
                    throw new IOException("parameter-overrides file " + file
                            + ": each entry needs ParameterKey and ParameterValue");
                }
                out.put(n.get("ParameterKey").asText(), n.path("ParameterValue").asText());
            }
        } else if (root != null && root.isObject()) {
            root.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isTextual()
                    ? e.getValue().asText() : e.getValue().toString()));
        } else {
            throw new IOException("parameter-overrides file " + file
                    + " must hold a list of {ParameterKey, ParameterValue} or an object");
        }
        return out;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))
                ? v.substring(1, v.length() - 1) : v;
    }
}
