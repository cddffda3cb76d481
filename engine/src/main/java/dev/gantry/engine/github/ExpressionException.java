package dev.gantry.engine.github;

/**
 * A GitHub Actions expression that cannot be parsed or evaluated. {@code offset} is the character offset in the
 * expression text (the text between {@code ${{ }} and {@code }}}) where the problem is.
 */
public final class ExpressionException extends Exception {
    private final int offset;

    public ExpressionException(String message, int offset) {
        super(message);
        this.offset = offset;
    }

    public int offset() {
        return offset;
    }
}
