package dev.gantry.web.log;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * Follows a growing log as Server-Sent Events for the action page: each event carries every complete line written
 * since the last one, already rendered as HTML ({@link AnsiHtml}, numbered), so a step printing thousands of lines
 * a second costs the browser a few events a second, not one per line. Each event's id is {@code offset:line}, so a
 * reconnecting browser (it sends {@code Last-Event-ID}) goes on where it stopped. Ends with {@code event: end} once
 * {@code finished} says so and everything is sent.
 */
public final class LogStream {
    /** The most bytes read for one event. */
    static final int CHUNK = 1 << 18;

    private final Path file;
    private final BooleanSupplier finished;
    private final long pollMillis;

    public LogStream(Path file, BooleanSupplier finished, long pollMillis) {
        this.file = file;
        this.finished = finished;
        this.pollMillis = pollMillis;
    }

    /** Streams from byte {@code offset}, numbering lines from {@code line}. */
    public void write(OutputStream out, long offset, long line) throws IOException, InterruptedException {
        long idleSince = System.nanoTime();
        byte[] buf = new byte[CHUNK];
        while (true) {
            boolean done = finished.getAsBoolean();
            long size = Files.isRegularFile(file) ? Files.size(file) : 0;
            if (size < offset) {
                offset = 0;
                line = 1;
            }
            if (size > offset) {
                int n;
                try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
                    f.seek(offset);
                    n = f.read(buf, 0, (int) Math.min(buf.length, size - offset));
                }
                int end = n;
                while (end > 0 && buf[end - 1] != '\n') {
                    end--;
                }
                if (end == 0 && n == buf.length) {
                    end = n;
                } else if (end == 0 && done) {
                    end = n;
                }
                if (end > 0) {
                    StringBuilder html = new StringBuilder(end * 2);
                    int start = 0;
                    for (int i = 0; i < end; i++) {
                        if (buf[i] == '\n' || i == end - 1) {
                            int stop = buf[i] == '\n' ? i : i + 1;
                            String text = LogFile.cut(new String(buf, start, stop - start, StandardCharsets.UTF_8));
                            html.append(LogHtml.line(line++, text));
                            start = i + 1;
                        }
                    }
                    offset += end;
                    out.write(("id: " + offset + ":" + line + "\nevent: lines\ndata: " + html + "\n\n")
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    idleSince = System.nanoTime();
                    continue;
                }
            }
            if (done) {
                out.write("event: end\ndata: end\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                return;
            }
            if (System.nanoTime() - idleSince > 15_000_000_000L) {
                out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                idleSince = System.nanoTime();
            }
            Thread.sleep(pollMillis);
        }
    }
}
