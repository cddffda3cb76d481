package dev.gantry.cli.startup;

import java.text.MessageFormat;
import java.util.ResourceBundle;

/**
 * The {@link System.LoggerFinder} of the {@code gantry} process: what libraries and the JDK log through
 * {@code System.Logger} (SnakeYAML does, at its first use) goes to stderr from WARNING up, one line each, without a
 * stack trace, and the rest is dropped. Without it the JDK's default finder starts {@code java.util.logging} (its
 * LogManager, {@code logging.properties}, the security properties): about 10 ms of every {@code validate} and
 * {@code run}, for loggers that print nothing. Registered in {@code META-INF/services}.
 */
public final class StderrLoggerFinder extends System.LoggerFinder {
    @Override
    public System.Logger getLogger(String name, Module module) {
        return new StderrLogger(name);
    }

    /** One logger: WARNING and ERROR to stderr as {@code gantry: NAME: LEVEL: message}. */
    private record StderrLogger(String name) implements System.Logger {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isLoggable(Level level) {
            return level != Level.OFF && level.getSeverity() >= Level.WARNING.getSeverity();
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            if (isLoggable(level)) {
                System.err.println("gantry: " + name + ": " + level.getName().toLowerCase(java.util.Locale.ROOT)
                        + ": " + msg + (thrown == null ? "" : " (" + thrown + ")"));
            }
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            if (isLoggable(level)) {
                log(level, bundle, params == null || params.length == 0 ? format
                        : MessageFormat.format(format, params), (Throwable) null);
            }
        }
    }
}
