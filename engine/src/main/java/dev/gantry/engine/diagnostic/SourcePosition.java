package dev.gantry.engine.diagnostic;

/**
 * A 1-based line and column in a workflow source file.
 *
 * @param line   1-based line, 0 when unknown
 * @param column 1-based column, 0 when unknown
 */
public record SourcePosition(int line, int column) {
    /** Nothing known. */
    public static final SourcePosition UNKNOWN = new SourcePosition(0, 0);

    public boolean known() {
        return line > 0;
    }
}
