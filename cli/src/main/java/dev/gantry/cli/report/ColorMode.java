package dev.gantry.cli.report;

import picocli.CommandLine;

import java.util.Locale;
import java.util.Map;

/** When text output is coloured. */
public enum ColorMode {
    /** Only when standard output is a terminal and {@code NO_COLOR} is not set. */
    AUTO,
    ALWAYS,
    NEVER;

    /** Whether to colour, given the environment and whether a terminal is attached. */
    public boolean enabled(Map<String, String> env, boolean terminal) {
        return switch (this) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> terminal && env.get("NO_COLOR") == null && !"dumb".equals(env.get("TERM"));
        };
    }

    /** Accepts {@code auto}, {@code always}, {@code never} in any case. */
    public static final class Converter implements CommandLine.ITypeConverter<ColorMode> {
        @Override
        public ColorMode convert(String value) {
            try {
                return valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a colour mode: use auto, "
                        + "always or never");
            }
        }
    }
}
