package dev.gantry.engine.config;

import dev.gantry.engine.diagnostic.SourcePosition;

/**
 * Where an entry of a Gantry configuration file was written, so that problems found later (at plan or run time)
 * can point at it: {@code gantry.yaml:12:5}.
 *
 * @param file     the configuration file as the user would name it
 * @param position the entry's key in that file
 */
public record ConfigOrigin(String file, SourcePosition position) {
    /** Not from a file: a command-line flag or a default. */
    public static final ConfigOrigin COMMAND_LINE = new ConfigOrigin("command line", SourcePosition.UNKNOWN);

    /** {@code file:line:col}, or just the file when the position is unknown. */
    public String format() {
        return position.known() ? file + ":" + position.line() + ":" + position.column() : file;
    }
}
