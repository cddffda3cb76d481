package dev.gantry.cli.report;

import dev.gantry.dsl.file.InputFile;
import dev.gantry.dsl.file.UnreadableFile;

import dev.gantry.engine.diagnostic.Diagnostic;
import dev.gantry.engine.diagnostic.Severity;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The human format, like rustc and actionlint: {@code file:line:col: severity: message [rule]}, then the source
 * line with a caret under the column, and a summary line at the end. ANSI colours only when asked for.
 */
public final class TextReport implements DiagnosticsReport {
    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";
    private static final String RED = "\u001b[1;31m";
    private static final String YELLOW = "\u001b[1;33m";
    private static final String CYAN = "\u001b[1;36m";
    private static final String BLUE = "\u001b[34m";
    private static final String GREY = "\u001b[90m";
    private static final String GREEN = "\u001b[32m";

    private final boolean color;

    public TextReport(boolean color) {
        this.color = color;
    }

    @Override
    public void write(List<FileDiagnostics> files, PrintWriter out) {
        for (FileDiagnostics file : files) {
            List<String> lines = null;
            for (Diagnostic d : file.diagnostics()) {
                out.println(headline(d));
                if (!d.position().known()) {
                    continue;
                }
                if (lines == null) {
                    lines = sourceLines(file);
                }
                if (d.position().line() <= lines.size()) {
                    snippet(d, lines.get(d.position().line() - 1), out);
                }
            }
        }
        out.println(summary(files));
    }

    private String headline(Diagnostic d) {
        String where = d.position().known()
                ? d.file() + ":" + d.position().line() + ":" + d.position().column() : d.file();
        String severity = d.severity().label();
        return paint(BOLD, where + ":") + " " + paint(severityColor(d.severity()), severity + ":") + " "
                + paint(BOLD, d.message()) + " " + paint(GREY, "[" + d.rule() + "]");
    }

    private void snippet(Diagnostic d, String line, PrintWriter out) {
        String number = Integer.toString(d.position().line());
        String gutter = " ".repeat(number.length());
        out.println(paint(BLUE, gutter + " |"));
        out.println(paint(BLUE, number + " |") + " " + printable(line));
        out.println(paint(BLUE, gutter + " |") + " " + paint(severityColor(d.severity()),
                caret(line, d.position().column())));
    }

    /** The line with control characters shown as '?', so that a snippet cannot drive the terminal. */
    static String printable(String line) {
        StringBuilder sb = new StringBuilder(line.length());
        line.codePoints().forEach(c -> sb.appendCodePoint(isControl(c) ? '?' : c));
        return sb.toString();
    }

    private static boolean isControl(int c) {
        return c != '\t' && (c < 0x20 || (c >= 0x7f && c < 0xa0));
    }

    /** Spaces (tabs kept, so the caret lines up) to the column, then {@code ^~~~} under the token there. */
    static String caret(String line, int column) {
        StringBuilder sb = new StringBuilder();
        int[] cps = line.codePoints().toArray();
        int start = Math.min(Math.max(column - 1, 0), cps.length);
        for (int i = 0; i < start; i++) {
            sb.append(cps[i] == '\t' ? '\t' : ' ');
        }
        sb.append('^');
        int length = tokenLength(cps, start);
        sb.append("~".repeat(Math.max(0, length - 1)));
        return sb.toString();
    }

    private static int tokenLength(int[] cps, int start) {
        if (start >= cps.length) {
            return 1;
        }
        int first = cps[start];
        if (first == '$' && start + 1 < cps.length && cps[start + 1] == '{') {
            for (int i = start + 2; i < cps.length; i++) {
                if (cps[i] == '}') {
                    return i - start + 1;
                }
            }
        }
        if (first == '"' || first == '\'') {
            for (int i = start + 1; i < cps.length; i++) {
                if (cps[i] == first) {
                    return i - start + 1;
                }
            }
            return cps.length - start;
        }
        int i = start;
        while (i < cps.length) {
            int c = cps[i];
            boolean keyColon = c == ':' && (i + 1 == cps.length || Character.isWhitespace(cps[i + 1]));
            if (Character.isWhitespace(c) || keyColon || c == ',' || c == '[' || c == ']' || c == '{' || c == '}') {
                break;
            }
            i++;
        }
        return Math.max(1, i - start);
    }

    private String summary(List<FileDiagnostics> files) {
        long errors = files.stream().mapToLong(f -> f.count(Severity.ERROR)).sum();
        long warnings = files.stream().mapToLong(f -> f.count(Severity.WARNING)).sum();
        long withProblems = files.stream().filter(f -> !f.diagnostics().isEmpty()).count();
        String checked = plural(files.size(), "file");
        if (errors == 0 && warnings == 0) {
            return paint(GREEN, "no problems found in " + checked);
        }
        String found = errors > 0 && warnings > 0 ? plural(errors, "error") + " and " + plural(warnings, "warning")
                : errors > 0 ? plural(errors, "error") : plural(warnings, "warning");
        return paint(errors > 0 ? RED : YELLOW, found) + " in " + withProblems + " of " + checked;
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    private String severityColor(Severity severity) {
        return switch (severity) {
            case ERROR -> RED;
            case WARNING -> YELLOW;
            case INFO -> CYAN;
        };
    }

    private String paint(String style, String text) {
        return color ? style + text + RESET : text;
    }

    private static List<String> sourceLines(FileDiagnostics file) {
        if (file.path() == null) {
            return List.of();
        }
        try {
            // lossy on purpose: the excerpt of a file with a bad byte still shows the lines around it
            byte[] bytes = new InputFile(file.path(), InputFile.WORKFLOW_MAX_BYTES).bytes();
            String text = new String(bytes, StandardCharsets.UTF_8);
            return text.lines().toList();
        } catch (UnreadableFile | RuntimeException e) {
            return List.of();
        }
    }
}
