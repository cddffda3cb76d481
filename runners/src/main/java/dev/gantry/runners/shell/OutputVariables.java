package dev.gantry.runners.shell;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the NUL-delimited {@code name\0value\0...} side file that {@link BashDriver} writes. */
public final class OutputVariables {
    private OutputVariables() {
    }

    /** Parses the file's bytes; an empty or truncated file gives what is complete. */
    public static Map<String, String> parse(byte[] bytes) {
        Map<String, String> vars = new LinkedHashMap<>();
        int start = 0;
        String name = null;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                String s = new String(bytes, start, i - start, StandardCharsets.UTF_8);
                if (name == null) {
                    name = s;
                } else {
                    vars.put(name, s);
                    name = null;
                }
                start = i + 1;
            }
        }
        return vars;
    }
}
