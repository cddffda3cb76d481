package dev.gantry.server.it;

import dev.gantry.server.http.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/openapi.yaml} stays true: it lists exactly the routes a running server registers (method and path; a
 * {@code {rest*}} parameter is {@code {rest}} there), every path parameter of a route is declared, and every
 * operation names its responses.
 */
@ExtendWith(TestDatabase.Available.class)
class OpenApiContractTest {
    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch", "head", "options");

    @TempDir
    Path tmp;

    @SuppressWarnings("unchecked")
    @Test
    void theOpenApiFileListsExactlyTheServersRoutes() throws Exception {
        Map<String, Object> spec;
        try (Reader in = Files.newBufferedReader(Path.of("..", "docs", "openapi.yaml"))) {
            spec = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        }
        assertThat(String.valueOf(spec.get("openapi"))).startsWith("3.");
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) spec.get("paths");
        Set<String> documented = new TreeSet<>();
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            if (METHODS.contains(method)) {
                documented.add(method.toUpperCase(Locale.ROOT) + " " + path);
                assertThat((Map<String, Object>) operation).as(method + " " + path).containsKey("responses");
            }
        }));

        GitFixture git = new GitFixture(tmp);
        git.commit("empty");
        git.push("main");
        Set<String> registered = new TreeSet<>();
        try (TestServer server = TestServer.start(tmp.resolve("data"), java.util.List.of(TestServer.repository(
                "app", git.bare.toString(), 3600, null, null, java.util.List.of())), Clock.systemUTC())) {
            // the first fetch ends before the server closes (the temporary folder is deleted after)
            server.admin().await("/api/repositories", j -> j.path("repositories").path(0).path("branches").size() == 1,
                    60);
            for (Route r : server.server.apiRoutes()) {
                String path = r.pattern().replace("*}", "}");
                registered.add(r.method() + " " + path);
                Map<String, Object> pathItem = paths.get(path);
                if (pathItem == null) {
                    continue;
                }
                String text = String.valueOf(pathItem) + String.valueOf(spec.get("components"));
                for (String segment : path.split("/")) {
                    if (segment.startsWith("{")) {
                        assertThat(text).as("parameter %s of %s", segment, path)
                                .contains("name=" + segment.substring(1, segment.length() - 1));
                    }
                }
            }
        }
        assertThat(documented).as("docs/openapi.yaml against the server's routes").isEqualTo(registered);
    }
}
