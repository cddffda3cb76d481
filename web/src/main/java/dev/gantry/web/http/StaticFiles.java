package dev.gantry.web.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** The stylesheet and script of the pages, from the jar (never a CDN), cached by browsers for an hour. */
public final class StaticFiles {
    private static final Map<String, String> TYPES = Map.of(
            "gantry.css", "text/css; charset=utf-8",
            "gantry.js", "text/javascript; charset=utf-8");

    private final Map<String, byte[]> files;

    public StaticFiles() {
        files = TYPES.keySet().stream().collect(java.util.stream.Collectors.toMap(n -> n, StaticFiles::load));
    }

    private static byte[] load(String name) {
        try (InputStream in = StaticFiles.class.getResourceAsStream("/dev/gantry/web/static/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<PageRoute> routes() {
        return List.of(new PageRoute("GET", "/static/{name}", PageRoute.Access.PUBLIC, r -> {
            byte[] body = files.get(r.param("name"));
            if (body == null) {
                throw new PageException(404, "No such file.");
            }
            return new PageResponse.Bytes(TYPES.get(r.param("name")), body, "public, max-age=3600");
        }));
    }
}
