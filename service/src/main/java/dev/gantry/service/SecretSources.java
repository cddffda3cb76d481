package dev.gantry.service;

import dev.gantry.dsl.file.InputFile;
import dev.gantry.dsl.file.UnreadableFile;
import dev.gantry.engine.diagnostic.SourcePosition;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where {@code ${Secrets.NAME}} values come from, first match wins: {@code --secret NAME=VALUE}, then
 * {@code --secrets-file FILE} (dotenv: {@code NAME=VALUE} lines, optional {@code export }, {@code #} comments,
 * values optionally in single quotes (literal) or double quotes (with {@code \n}, {@code \"}, {@code \\}
 * escapes)), then the environment variable {@code GANTRY_SECRET_NAME}.
 */
public final class SecretSources {
    /** The most a secrets file may hold. */
    static final int MAX_BYTES = 1024 * 1024;

    /** Prefix of secret environment variables. */
    public static final String ENV_PREFIX = "GANTRY_SECRET_";

    private SecretSources() {
    }

    /** A secrets file could not be read. */
    public static final class BadSecret extends Exception {
        private static final long serialVersionUID = 1L;
        private final String file;
        private final transient SourcePosition position;

        public BadSecret(String file, SourcePosition position, String message) {
            super(message);
            this.file = file;
            this.position = position;
        }

        /** The file, as named. */
        public String file() {
            return file;
        }

        /** Where in it ({@link SourcePosition#UNKNOWN} for the whole file). */
        public SourcePosition position() {
            return position;
        }
    }

    /**
     * All secrets, by name: {@code given} (NAME to value) over those of {@code file} (or {@code null}) over the
     * {@code GANTRY_SECRET_NAME} variables of {@code env}.
     */
    public static Map<String, String> resolve(Map<String, String> given, Path file, Map<String, String> env)
            throws BadSecret {
        Map<String, String> secrets = new LinkedHashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith(ENV_PREFIX) && k.length() > ENV_PREFIX.length()) {
                secrets.put(k.substring(ENV_PREFIX.length()), v);
            }
        });
        if (file != null) {
            secrets.putAll(readDotenv(file));
        }
        secrets.putAll(given);
        return secrets;
    }

    /** Parses a dotenv file. */
    public static Map<String, String> readDotenv(Path file) throws BadSecret {
        // read through the one bounded reader: a FIFO or /dev/zero is refused, never waited on or read forever
        List<String> lines;
        try {
            lines = new InputFile(file, MAX_BYTES).utf8().lines().toList();
        } catch (UnreadableFile e) {
            throw new BadSecret(file.toString(), SourcePosition.UNKNOWN,
                    "cannot read the secrets file: " + e.getMessage());
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int eq = line.indexOf('=');
            String name = eq < 0 ? "" : line.substring(0, eq).strip();
            if (!name.matches("[A-Za-z0-9_.\\-]+")) {
                throw new BadSecret(file.toString(), new SourcePosition(i + 1, 1), "expected NAME=VALUE");
            }
            values.put(name, value(line.substring(eq + 1).strip(), file, i + 1));
        }
        return values;
    }

    private static String value(String raw, Path file, int line) throws BadSecret {
        if (raw.startsWith("'")) {
            int end = raw.indexOf('\'', 1);
            if (end < 0) {
                throw new BadSecret(file.toString(), new SourcePosition(line, 1), "unterminated single quote");
            }
            return raw.substring(1, end);
        }
        if (raw.startsWith("\"")) {
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\' && i + 1 < raw.length()) {
                    char n = raw.charAt(++i);
                    sb.append(switch (n) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        default -> n;
                    });
                } else {
                    sb.append(c);
                }
            }
            throw new BadSecret(file.toString(), new SourcePosition(line, 1), "unterminated double quote");
        }
        int comment = raw.indexOf(" #");
        return comment >= 0 ? raw.substring(0, comment).strip() : raw;
    }
}
