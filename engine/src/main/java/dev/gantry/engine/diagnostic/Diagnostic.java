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
    /**
     * The longest message kept: messages quote what the file says, and a hostile file can say 50 KB in one word;
     * a longer one keeps its start and its end (the advice) around an ellipsis.
     */
    public static final int MAX_MESSAGE_CHARS = 2000;

    public Diagnostic {
        if (message != null && message.length() > MAX_MESSAGE_CHARS) {
            int keep = MAX_MESSAGE_CHARS / 2 - 10;
            message = message.substring(0, keep) + " … (" + (message.length() - 2 * keep) + " characters left out) … "
                    + message.substring(message.length() - keep);
        }
    }

    /** The one-line form: {@code file:line:col: severity: message [rule]}. */
    public String format() {
        String where = position.known() ? file + ":" + position.line() + ":" + position.column() : file;
        return where + ": " + severity.label() + ": " + message + " [" + rule + "]";
    }
}
