package dev.gantry.engine.diagnostic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects diagnostics for one file, placing each by model path through the file's {@link SourceMap}.
 * Loaders and validators share one instance per file.
 */
public final class Diagnostics {
    private final String file;
    private final List<Diagnostic> found = new ArrayList<>();

    public Diagnostics(String file) {
        this.file = file;
    }

    public String file() {
        return file;
    }

    public void add(SourcePosition at, Severity severity, String rule, String message) {
        found.add(new Diagnostic(file, at, severity, rule, message));
    }

    public void error(SourcePosition at, String rule, String message) {
        add(at, Severity.ERROR, rule, message);
    }

    public void warning(SourcePosition at, String rule, String message) {
        add(at, Severity.WARNING, rule, message);
    }

    public boolean hasErrors() {
        return found.stream().anyMatch(d -> d.severity() == Severity.ERROR);
    }

    /** The diagnostics so far, sorted by line, then column, then rule. */
    public List<Diagnostic> list() {
        List<Diagnostic> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparingInt((Diagnostic d) -> d.position().line())
                .thenComparingInt(d -> d.position().column()).thenComparing(Diagnostic::rule));
        return List.copyOf(sorted);
    }
}
