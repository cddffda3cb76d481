package dev.gantry.server.http;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Path parameters arrive percent-decoded, split at the path's literal slashes only. */
class RouteTest {
    private static Route route(String pattern) {
        return new Route("GET", pattern, null, r -> null);
    }

    @Test
    void aParameterIsDecodedAndAnEncodedSlashStaysInsideIt() {
        assertThat(route("/api/branches/{branch}/runs").match("/api/branches/feature%2Fx%20y/runs"))
                .contains(Map.of("branch", "feature/x y"));
        assertThat(route("/api/tokens/{name}").match("/api/tokens/a+b")).contains(Map.of("name", "a+b"));
        assertThat(route("/api/tokens/{name}").match("/api/tokens/caf%C3%A9")).contains(Map.of("name", "café"));
        assertThat(route("/api/tokens/{name}").match("/api/tokens/100%25")).contains(Map.of("name", "100%"));
    }

    @Test
    void theRestOfThePathIsDecodedSegmentBySegment() {
        assertThat(route("/files/{path*}").match("/files/docs/read%20me.md"))
                .contains(Map.of("path", "docs/read me.md"));
        assertThat(route("/files/{path*}").match("/files/a/%2E%2E/b")).contains(Map.of("path", "a/../b"));
    }

    @Test
    void brokenEncodingMatchesNothing() {
        assertThat(route("/api/tokens/{name}").match("/api/tokens/%zz")).isEmpty();
        assertThat(route("/api/tokens/{name}").match("/api/tokens/%4")).isEmpty();
        assertThat(route("/api/tokens/{name}").match("/api/tokens/%E2%82")).isEmpty();
    }

    @Test
    void literalSegmentsAndCountsStillDecideTheMatch() {
        assertThat(route("/api/runs/{id}").match("/api/runs/1/cancel")).isEmpty();
        assertThat(route("/api/runs/{id}").match("/api/other/1")).isEmpty();
    }
}
