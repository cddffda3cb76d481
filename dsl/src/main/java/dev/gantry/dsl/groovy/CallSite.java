package dev.gantry.dsl.groovy;

import dev.gantry.engine.diagnostic.SourcePosition;

/**
 * The line of a workflow script from which a DSL method was called, with that line's text so that a position can
 * point at the word or value it is about rather than at the start of the line.
 *
 * @param line 1-based line, 0 when unknown
 * @param text the source line, empty when unknown
 */
record CallSite(int line, String text) {
    static final CallSite UNKNOWN = new CallSite(0, "");

    /** The position of {@code word} on this line; the first non-blank column when the word is not there. */
    SourcePosition at(String word) {
        if (line <= 0) {
            return SourcePosition.UNKNOWN;
        }
        int i = word == null || word.isEmpty() ? -1 : indexOfWord(text, word, 0);
        return new SourcePosition(line, (i >= 0 ? i : firstNonBlank()) + 1);
    }

    /** The position of the literal {@code value} written after {@code word} on this line; else that of {@code word}. */
    SourcePosition valueAt(String word, String value) {
        if (line <= 0) {
            return SourcePosition.UNKNOWN;
        }
        int from = word == null ? -1 : indexOfWord(text, word, 0);
        if (value != null && !value.isEmpty()) {
            int i = text.indexOf(value, Math.max(from, 0));
            if (i >= 0) {
                boolean quoted = i > 0 && (text.charAt(i - 1) == '\'' || text.charAt(i - 1) == '"');
                return new SourcePosition(line, (quoted ? i - 1 : i) + 1);
            }
        }
        return at(word);
    }

    private int firstNonBlank() {
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return 0;
    }

    /** Index of {@code word} not preceded or followed by an identifier character, or -1. */
    private static int indexOfWord(String text, String word, int from) {
        int i = text.indexOf(word, from);
        while (i >= 0) {
            boolean startOk = i == 0 || !Character.isJavaIdentifierPart(text.charAt(i - 1));
            int end = i + word.length();
            boolean endOk = end >= text.length() || !Character.isJavaIdentifierPart(text.charAt(end));
            if (startOk && endOk) {
                return i;
            }
            i = text.indexOf(word, i + 1);
        }
        return -1;
    }
}
