package dev.gantry.engine.diagnostic;

/**
 * One finding about a workflow file: {@code file:line:col: severity: message [rule]}.
 *
 * @param file     the file as the user named it (relative or absolute path text)
 * @param position where in the file
 * @param severity error, warning or info
 * @param rule     a stable rule id, e.g. {@code depends-on-unknown}
 * @param message  what is wrong, in plain words; may end with what to do about it
 */
public record Diagnostic(String file, SourcePosition position, Severity severity, String rule, String message) {

    /** The one-line form: {@code file:line:col: severity: message [rule]}. */
    public String format() {
        String where = position.known() ? file + ":" + position.line() + ":" + position.column() : file;
        return where + ": " + severity.label() + ": " + message + " [" + rule + "]";
    }
}
