package dev.gantry.web.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/** What a page route answers: HTML, a redirect, bytes of another type, a file, or a stream written over time. */
public sealed interface PageResponse {
    record Html(int status, String body) implements PageResponse {
    }

    /** A 303 to {@code location}; {@code setCookie}, when not null, is a {@code Set-Cookie} header value. */
    record Redirect(String location, String setCookie) implements PageResponse {
        public Redirect(String location) {
            this(location, null);
        }
    }

    record Bytes(String contentType, byte[] body, String cacheControl) implements PageResponse {
    }

    /** A file sent as {@code contentType}; {@code downloadName} non-null makes it an attachment. */
    record File(Path path, String contentType, String downloadName) implements PageResponse {
    }

    record Stream(String contentType, Writer writer) implements PageResponse {
    }

    /** Writes a streamed response, flushing as it goes; returns when done or the client left. */
    @FunctionalInterface
    interface Writer {
        void write(OutputStream out) throws IOException, InterruptedException;
    }

    static PageResponse html(String body) {
        return new Html(200, body);
    }
}
