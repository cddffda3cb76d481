package dev.gantry.dsl.file;

import dev.gantry.engine.diagnostic.SourcePosition;

import java.util.Arrays;

/**
 * Lines and columns of a text as an editor shows them: lines end at {@code \n}, {@code \r\n} or {@code \r} only (not
 * at U+0085, U+2028 or U+2029, which YAML 1.1 parsers count as line breaks but editors and the excerpt under a
 * diagnostic do not), and a column counts code points from 1.
 */
public final class LineColumns {
    private final int[] lineStarts;
    private final int length;

    private LineColumns(int[] lineStarts, int length) {
        this.lineStarts = lineStarts;
        this.length = length;
    }

    /** The line starts of {@code text}, as code point offsets. */
    public static LineColumns of(String text) {
        int[] starts = new int[16];
        int lines = 1;
        int offset = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            offset++;
            boolean lineBreak = cp == '\n' || (cp == '\r' && (i >= text.length() || text.charAt(i) != '\n'));
            if (lineBreak) {
                if (lines == starts.length) {
                    starts = Arrays.copyOf(starts, lines * 2);
                }
                starts[lines++] = offset;
            }
        }
        return new LineColumns(Arrays.copyOf(starts, lines), offset);
    }

    /** The 1-based line and column of the code point at {@code codePointOffset}. */
    public SourcePosition position(int codePointOffset) {
        int offset = Math.max(0, Math.min(codePointOffset, length));
        int found = Arrays.binarySearch(lineStarts, offset);
        int line = found >= 0 ? found : -found - 2;
        return new SourcePosition(line + 1, offset - lineStarts[line] + 1);
    }

    /** Where the text ends (one past its last code point). */
    public SourcePosition endPosition() {
        return position(length);
    }
}
