package dev.gantry.server.front;

import org.eclipse.jetty.server.Handler;

/**
 * A front end served by the same HTTP server as the API, found on the class path with {@link java.util.ServiceLoader}
 * (the web pages of module {@code web}). Its handler sees each request first and declines ({@code false}) what is
 * not its own, so {@code /api/...} and unknown paths reach the API.
 */
public interface ServerFront {
    /** The handler serving this front, built once at start-up. */
    Handler handler(ServerServices services);
}
