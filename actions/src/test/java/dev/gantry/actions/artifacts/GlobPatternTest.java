package dev.gantry.actions.artifacts;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GlobPatternTest {
    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource({
            "dir/*, dir/a.txt, true",
            "dir/*, dir/sub/a.txt, false",
            "dir/**/*, dir/a.txt, true",
            "dir/**/*, dir/sub/deeper/a.txt, true",
            "dir/**/*, other/a.txt, false",
            "**/*, a.txt, true",
            "**/*, x/y/z/a.txt, true",
            "**/*.xml, reports/junit/TEST-a.xml, true",
            "**/*.xml, TEST-a.xml, true",
            "**/*.xml, TEST-a.json, false",
            "coverage/**, coverage/lcov-report/index.html, true",
            "coverage/**, coveragex/a, false",
            "./ui/build/**/*, ui/build/static/js/main.js, true",
            "cdk.json, cdk.json, true",
            "cdk.json, sub/cdk.json, false",
            "bin/out, bin/out/app, true",
            "bin/out, bin/outer, false",
            "*.jar, app.jar, true",
            "*.jar, lib/app.jar, false",
            "build/*, build/.hidden, true",
            "a?c.txt, abc.txt, true",
            "a?c.txt, a/c.txt, false",
            "[ab].txt, b.txt, true",
            "[!ab].txt, b.txt, false",
            "'*.{js,css}', site.css, true",
            "'*.{js,css}', site.html, false",
            "out/*.tar.gz, out/a.tar.gz, true",
            "a+b(1).txt, a+b(1).txt, true",
    })
    void matchesAsTheServiceDoes(String pattern, String path, boolean expected) throws ArtifactException {
        assertThat(GlobPattern.parse(pattern).matches(path)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/root/.local/**/*", "../secrets/*", "a/../../b", "~/x", "dir/..", "C:/x"})
    void refusesPatternsThatLeaveTheFolder(String pattern) {
        assertThatThrownBy(() -> GlobPattern.parse(pattern)).isInstanceOf(ArtifactException.class)
                .hasMessageContaining(pattern);
    }

    @ParameterizedTest
    @CsvSource({"dir/sub/*.jar, dir/sub, 1", "dir/**/*, dir, -1", "a/b, a/b, -1", "**/*, '', -1", "x/*/y, x, 2"})
    void searchStartsAtTheLiteralPrefix(String pattern, String prefix, int depth) throws ArtifactException {
        GlobPattern p = GlobPattern.parse(pattern);
        assertThat(p.literalPrefix()).isEqualTo(prefix);
        assertThat(p.maxDepth()).isEqualTo(depth);
    }
}
