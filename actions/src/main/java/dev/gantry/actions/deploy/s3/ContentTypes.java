package dev.gantry.actions.deploy.s3;

import java.net.URLConnection;
import java.util.Locale;
import java.util.Map;

/** The content type of an uploaded file, by its extension (web files first, then the JDK's table). */
final class ContentTypes {
    private static final Map<String, String> WEB = Map.ofEntries(
            Map.entry("html", "text/html"), Map.entry("htm", "text/html"), Map.entry("css", "text/css"),
            Map.entry("js", "application/javascript"), Map.entry("mjs", "application/javascript"),
            Map.entry("json", "application/json"), Map.entry("map", "application/json"),
            Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"), Map.entry("ico", "image/x-icon"),
            Map.entry("webp", "image/webp"), Map.entry("txt", "text/plain"), Map.entry("xml", "application/xml"),
            Map.entry("pdf", "application/pdf"), Map.entry("zip", "application/zip"),
            Map.entry("woff", "font/woff"), Map.entry("woff2", "font/woff2"), Map.entry("wasm", "application/wasm"),
            Map.entry("yaml", "application/yaml"), Map.entry("yml", "application/yaml"));

    private ContentTypes() {
    }

    static String of(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String ext = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        String known = WEB.get(ext);
        if (known != null) {
            return known;
        }
        String guessed = URLConnection.guessContentTypeFromName(fileName);
        return guessed != null ? guessed : "application/octet-stream";
    }
}
