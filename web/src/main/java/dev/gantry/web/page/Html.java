package dev.gantry.web.page;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** HTML text building: every value from outside (log lines, branch names, messages) goes through {@link #esc}. */
public final class Html {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Html() {
    }

    /** Escapes text for an element's content or a quoted attribute value. */
    public static String esc(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r = switch (c) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (r != null || (c < 0x20 && c != '\t' && c != '\n')) {
                if (b == null) {
                    b = new StringBuilder(s.length() + 16);
                    b.append(s, 0, i);
                }
                b.append(r != null ? r : "\uFFFD");
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    /** A path segment or query value, percent-encoded. */
    public static String url(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A UTC time for people, or a dash. */
    public static String time(Long millis) {
        return millis == null ? "–" : TIME.format(Instant.ofEpochMilli(millis));
    }

    /** A duration for people: {@code 850 ms}, {@code 12.3 s}, {@code 4 min 05 s}, {@code 2 h 03 min}. */
    public static String duration(Long millis) {
        if (millis == null) {
            return "–";
        }
        Duration d = Duration.ofMillis(Math.max(0, millis));
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format("%.1f s", millis / 1000.0);
        }
        if (millis < 3_600_000) {
            return String.format("%d min %02d s", d.toMinutes(), d.toSecondsPart());
        }
        return String.format("%d h %02d min", d.toHours(), d.toMinutesPart());
    }

    /** The short form of a commit id. */
    public static String shortCommit(String commit) {
        return commit == null ? "" : commit.substring(0, Math.min(10, commit.length()));
    }
}
