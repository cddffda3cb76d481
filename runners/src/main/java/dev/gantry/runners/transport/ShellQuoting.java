package dev.gantry.runners.transport;

import java.util.List;

/** Quoting for bash: one argument as one single-quoted word, an argument vector as one command line. */
public final class ShellQuoting {
    private ShellQuoting() {
    }

    /** {@code s} as one single-quoted bash word. */
    public static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** {@code argv} as one bash command line. */
    public static String commandLine(List<String> argv) {
        return String.join(" ", argv.stream().map(ShellQuoting::quote).toList());
    }
}
