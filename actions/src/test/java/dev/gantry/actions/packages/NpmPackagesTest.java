package dev.gantry.actions.packages;

import dev.gantry.engine.config.ConfigOrigin;
import dev.gantry.engine.config.NpmRepositoryConfig;
import dev.gantry.engine.diagnostic.SourcePosition;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Configuration;
import dev.gantry.engine.model.Inputs;
import dev.gantry.engine.model.Outputs;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What an action's {@code Packages} becomes: the {@code .npmrc} text, the token variables, the problems. */
class NpmPackagesTest {
    static final ConfigOrigin AT = new ConfigOrigin("gantry.yaml", new SourcePosition(4, 5));
    static final Map<String, NpmRepositoryConfig> REPOS = Map.of(
            "main", new NpmRepositoryConfig("main", "https://npm.example.com/main/", "MAIN_TOKEN", AT),
            "scoped", new NpmRepositoryConfig("scoped", "http://127.0.0.1:4873/npm/scoped", "SCOPED_TOKEN", AT),
            "open", new NpmRepositoryConfig("open", "https://open.example.com/", null, AT));

    static Action withPackages(Object packages) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("Packages", packages);
        return new Action("Build", null, "aws/build@v1", List.of(), null, null, null, Map.of(), Inputs.NONE,
                Outputs.NONE, new Configuration(List.of(), null, props));
    }

    static Map<String, Object> registry(String repo, String... scopes) {
        return scopes.length == 0 ? Map.of("PackagesRepository", repo)
                : Map.of("PackagesRepository", repo, "Scopes", List.of(scopes));
    }

    @Test
    void theFileNamesRegistriesAndScopesAndRefersToTokensByVariable() {
        Action a = withPackages(Map.of("ExportAuthorizationToken", true, "NpmConfiguration", Map.of(
                "PackageRegistries", List.of(registry("open"), registry("scoped", "@acme", "@other"),
                        registry("main")))));
        NpmPackages npm = new NpmPackages(REPOS, Map.of("MAIN_TOKEN", "m-secret", "SCOPED_TOKEN", "s-secret"));

        assertThat(npm.problems("Build", a)).isEmpty();
        NpmPackages.Setup setup = npm.setup(a).orElseThrow();
        assertThat(setup.npmrc()).isEqualTo("""
                # written by Gantry for this action's Packages; removed when it ends
                registry=https://npm.example.com/main/
                @acme:registry=http://127.0.0.1:4873/npm/scoped/
                @other:registry=http://127.0.0.1:4873/npm/scoped/
                //127.0.0.1:4873/npm/scoped/:_authToken=${GANTRY_NPM_TOKEN_1}
                //npm.example.com/main/:_authToken=${GANTRY_NPM_TOKEN_2}
                """).doesNotContain("secret");
        assertThat(setup.variables()).containsExactly(Map.entry("GANTRY_NPM_TOKEN_1", "s-secret"),
                Map.entry("GANTRY_NPM_TOKEN_2", "m-secret"));
        assertThat(setup.exported()).isEqualTo("m-secret");
    }

    @Test
    void anUnmappedRepositoryAndAMissingTokenSecretAreProblems() {
        Action a = withPackages(Map.of("NpmConfiguration", Map.of("PackageRegistries", List.of(registry("nowhere"),
                registry("main")))));
        assertThat(new NpmPackages(REPOS, Map.of()).problems("Build", a)).containsExactly(
                "action Build installs npm packages from repository nowhere, which is not mapped: add it to "
                        + "gantry.yaml as packages: {npm: {nowhere: {registry: https://..., tokenSecret: NAME}}}",
                "action Build: the token of npm repository main is secret MAIN_TOKEN (gantry.yaml:4:5), which is "
                        + "not given: --secret MAIN_TOKEN=..., --secrets-file or GANTRY_SECRET_MAIN_TOKEN");
        assertThat(new NpmPackages(REPOS, Map.of()).setup(withPackages(null))).isEmpty();
    }

    /** A scope is written by whoever writes the workflow (a Groovy file too): it never adds a line of its own. */
    @Test
    void aScopeThatIsNotOneIsAProblemAndNeverALineOfTheFile() {
        Action a = withPackages(Map.of("NpmConfiguration", Map.of("PackageRegistries", List.of(
                registry("open", "@ok", "@x:registry=https://evil.example/\n//evil.example/:_authToken=x")))));
        NpmPackages npm = new NpmPackages(REPOS, Map.of());
        assertThat(npm.problems("Build", a)).containsExactly("action Build: npm scope "
                + "'@x:registry=https://evil.example/?//evil.example/:_authToken=x' is not a scope (@ then letters, "
                + "digits, '-', '_' or '.')");
        String npmrc = npm.setup(a).orElseThrow().npmrc();
        assertThat(npmrc).contains("@ok:registry=https://open.example.com/").doesNotContain("evil");
    }

    @Test
    void npmsCredentialKeyIsTheRegistryWithoutItsSchemeEndingInASlash() {
        assertThat(NpmPackages.nerfDart("https://npm.example.com/main/")).isEqualTo("//npm.example.com/main/");
        assertThat(NpmPackages.nerfDart("http://127.0.0.1:4873")).isEqualTo("//127.0.0.1:4873/");
        assertThat(NpmPackages.nerfDart("https://h/a/b")).isEqualTo("//h/a/");
    }
}
