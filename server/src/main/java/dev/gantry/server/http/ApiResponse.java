package dev.gantry.server.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/** What a route answers: a JSON value, plain text, a file, or a stream written as it happens (Server-Sent Events). */
public sealed interface ApiResponse {
    int status();

    /** {@code body} is serialized with Jackson (maps, lists, records). */
    record Json(int status, Object body) implements ApiResponse {
    }

    record Text(int status, String contentType, String body) implements ApiResponse {
    }

    /** A file on disk, sent as {@code contentType}. */
    record File(Path path, String contentType) implements ApiResponse {
        @Override
        public int status() {
            return 200;
        }
    }

    /** A response written over time; {@code writer} returns when the stream ends (or the client left). */
    record Stream(String contentType, StreamWriter writer) implements ApiResponse {
        @Override
        public int status() {
            return 200;
        }
    }

    /** Writes a streamed response; flushes what each event should deliver at once. */
    @FunctionalInterface
    interface StreamWriter {
        void write(OutputStream out) throws IOException, InterruptedException;
    }

    static ApiResponse ok(Object body) {
        return new Json(200, body);
    }

    static ApiResponse accepted(Object body) {
        return new Json(202, body);
    }

    static ApiResponse created(Object body) {
        return new Json(201, body);
    }
}
