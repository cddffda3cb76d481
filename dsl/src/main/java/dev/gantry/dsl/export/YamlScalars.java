package dev.gantry.dsl.export;

import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Decides how a string is written in YAML so that a YAML 1.1 reader gets the same string back.
 *
 * <ul>
 *   <li>more than one line: a {@code |} block literal (SnakeYAML picks the chomping and indentation indicators),
 *       except for text ending in a blank line, which would need "keep" chomping ({@code |+}), and text holding
 *       another YAML 1.1 line break ({@code \r}, U+0085, U+2028, U+2029), which a literal would turn into
 *       {@code \n}: double quotes;</li>
 *   <li>text that YAML 1.1 would read as something else ({@code 1.0}, {@code yes}, {@code on}, {@code ~},
 *       {@code 2024-01-01}), or that plain style cannot hold ({@code **}{@code /*}, {@code a: b}, {@code x #y},
 *       leading or trailing spaces): double quotes;</li>
 *   <li>everything else: plain.</li>
 * </ul>
 * SnakeYAML's emitter checks every choice again and falls back to a quoted style when a plain or literal scalar
 * cannot hold the text, so the result is always read back exactly.
 */
final class YamlScalars {
    private static final String LEADING_INDICATORS = "-?:,[]{}#&*!|>'\"%@`";

    private YamlScalars() {
    }

    static ScalarStyle style(String s, Resolver resolver) {
        if (s.indexOf('\n') >= 0) {
            // "keep" chomping (|+) would take the blank line that separates what follows into the value; and a
            // line break YAML 1.1 has beside \n (\r, U+0085, U+2028, U+2029) would be read back as \n in a literal
            return s.endsWith("\n\n") || s.isBlank() || hasOtherLineBreak(s) ? ScalarStyle.DOUBLE_QUOTED
                    : ScalarStyle.LITERAL;
        }
        if (!Tag.STR.equals(resolver.resolve(NodeId.scalar, s, true)) || !plainIsSafe(s)) {
            return ScalarStyle.DOUBLE_QUOTED;
        }
        return ScalarStyle.PLAIN;
    }

    private static boolean hasOtherLineBreak(String s) {
        return s.indexOf('\r') >= 0 || s.indexOf('\u0085') >= 0 || s.indexOf('\u2028') >= 0
                || s.indexOf('\u2029') >= 0;
    }

    /** Whether {@code s} may be written as a plain scalar in block context (conservative). */
    static boolean plainIsSafe(String s) {
        if (s.isEmpty()) {
            return false;
        }
        char first = s.charAt(0);
        char last = s.charAt(s.length() - 1);
        if (LEADING_INDICATORS.indexOf(first) >= 0 || Character.isWhitespace(first) || Character.isWhitespace(last)
                || last == ':') {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ':' && i + 1 < s.length() && s.charAt(i + 1) == ' ') {
                return false;
            }
            if (c == '#' && i > 0 && Character.isWhitespace(s.charAt(i - 1))) {
                return false;
            }
            if (c < ' ' && c != '\t' || c == '\u007f' || c == '\u0085' || c == '\u2028' || c == '\u2029'
                    || c == '\ufeff') {
                return false;
            }
        }
        return true;
    }
}
