package dev.gantry.web.log;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reading a part of an action's log for a page without loading all of it: the last lines, the lines from a given
 * number, or the lines that contain a text. A page shows at most {@link #WINDOW} lines, and a line at most
 * {@link #MAX_LINE} characters; the download has everything.
 */
public final class LogFile {
    /** Lines a page shows at once. */
    public static final int WINDOW = 1000;
    /** The longest line a page shows (the rest is cut, with a mark). */
    public static final int MAX_LINE = 4000;
    /** Matches a search shows at most. */
    public static final int MAX_MATCHES = 500;
    private static final int BUFFER = 1 << 16;

    private LogFile() {
    }

    /** A numbered line. */
    public record Line(long number, String text) {
    }

    /**
     * Some lines of the log.
     *
     * @param total     the log's number of lines
     * @param endOffset the byte offset just after the last complete line read (where a live stream goes on)
     */
    public record Window(List<Line> lines, long total, long bytes, long endOffset) {
    }

    /** The last {@link #WINDOW} lines, or from line {@code from} (1-based) when it is positive. */
    public static Window read(Path file, long from) throws IOException {
        if (!Files.isRegularFile(file)) {
            return new Window(List.of(), 0, 0, 0);
        }
        long size = Files.size(file);
        long[] ring = new long[WINDOW + 1];
        long lines = 0;
        long offset = 0;
        long startOffset = 0;
        long wantFrom = from;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[BUFFER];
            int n;
            ring[0] = 0;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        lines++;
                        ring[(int) (lines % (WINDOW + 1))] = offset + i + 1;
                        if (wantFrom > 0 && lines == wantFrom - 1) {
                            startOffset = offset + i + 1;
                        }
                    }
                }
                offset += n;
            }
        }
        long endOffset = lines == 0 ? 0 : ring[(int) (lines % (WINDOW + 1))];
        long total = lines + (endOffset < size ? 1 : 0);
        long first;
        if (from > 0) {
            first = Math.min(from, Math.max(1, total));
            if (from > lines + 1) {
                startOffset = endOffset;
            }
            if (from <= 1) {
                startOffset = 0;
            }
        } else {
            long lastComplete = lines;
            first = Math.max(1, lastComplete - WINDOW + 1);
            startOffset = first == 1 ? 0 : ring[(int) ((first - 1) % (WINDOW + 1))];
        }
        List<Line> result = new ArrayList<>();
        long readTo = from > 0 ? size : endOffset;
        long last = startOffset;
        try (var ch = Files.newByteChannel(file)) {
            ch.position(startOffset);
            InputStream in = java.nio.channels.Channels.newInputStream(ch);
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
            long pos = startOffset;
            long number = first;
            byte[] buf = new byte[BUFFER];
            int n;
            outer:
            while (pos < readTo && (n = in.read(buf, 0, (int) Math.min(buf.length, readTo - pos))) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        result.add(new Line(number++, text(line)));
                        line.reset();
                        last = pos + i + 1;
                        if (result.size() >= WINDOW) {
                            break outer;
                        }
                    } else if (line.size() <= MAX_LINE * 4) {
                        line.write(buf[i]);
                    }
                }
                pos += n;
            }
        }
        return new Window(result, total, size, from > 0 ? last : endOffset);
    }

    /** The lines containing {@code query} (case-insensitive), at most {@link #MAX_MATCHES}. */
    public static Window search(Path file, String query) throws IOException {
        List<Line> result = new ArrayList<>();
        if (!Files.isRegularFile(file) || query.isEmpty()) {
            return new Window(result, 0, 0, 0);
        }
        String needle = query.toLowerCase(Locale.ROOT);
        long number = 0;
        try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8), BUFFER)) {
            String l;
            while ((l = reader.readLine()) != null) {
                number++;
                if (result.size() < MAX_MATCHES && l.toLowerCase(Locale.ROOT).contains(needle)) {
                    result.add(new Line(number, cut(l)));
                }
            }
        }
        return new Window(result, number, Files.size(file), Files.size(file));
    }

    private static String text(java.io.ByteArrayOutputStream bytes) {
        return cut(bytes.toString(StandardCharsets.UTF_8));
    }

    static String cut(String s) {
        return s.length() <= MAX_LINE ? s : s.substring(0, MAX_LINE) + " … (line cut: " + s.length()
                + " characters; the download has all of it)";
    }
}
