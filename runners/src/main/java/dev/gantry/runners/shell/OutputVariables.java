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
        return parse(bytes, warning -> { });
    }

    /**
     * Parses the file's bytes, telling {@code warnings} about each value that is not UTF-8: variables are text, so
     * such bytes become U+FFFD (docs/run.md says so).
     */
    public static Map<String, String> parse(byte[] bytes, java.util.function.Consumer<String> warnings) {
        Map<String, String> vars = new LinkedHashMap<>();
        int start = 0;
        String name = null;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                String s = new String(bytes, start, i - start, StandardCharsets.UTF_8);
                if (name == null) {
                    name = s;
                } else {
                    if (!isUtf8(bytes, start, i - start)) {
                        warnings.accept("gantry: output variable " + name + " is not valid UTF-8; the bytes that are "
                                + "not were replaced by U+FFFD");
                    }
                    vars.put(name, s);
                    name = null;
                }
                start = i + 1;
            }
        }
        return vars;
    }

    private static boolean isUtf8(byte[] bytes, int offset, int length) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes, offset, length));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }
}
