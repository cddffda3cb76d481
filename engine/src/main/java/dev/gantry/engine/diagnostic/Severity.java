package dev.gantry.engine.diagnostic;

/** How bad a diagnostic is. Errors stop a run; warnings do not. */
public enum Severity {
    ERROR, WARNING, INFO;

    /** Lower-case label as printed: {@code error}, {@code warning}, {@code info}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
