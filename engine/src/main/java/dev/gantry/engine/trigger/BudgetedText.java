package dev.gantry.engine.trigger;

/**
 * A text that counts the characters a regular expression reads and gives up past a budget: Java's regex engine
 * backtracks, and a pattern such as {@code (a+)+b} would otherwise take exponential time on a long input.
 */
final class BudgetedText implements CharSequence {
    /** Thrown when the budget is spent. */
    static final class Exhausted extends RuntimeException {
        Exhausted() {
            super("regular expression budget spent", null, false, false);
        }
    }

    private final String text;
    private final long[] budget;

    BudgetedText(String text, long[] budget) {
        this.text = text;
        this.budget = budget;
    }

    @Override
    public char charAt(int index) {
        if (--budget[0] < 0) {
            throw new Exhausted();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new BudgetedText(text.substring(start, end), budget);
    }

    @Override
    public String toString() {
        return text;
    }
}
