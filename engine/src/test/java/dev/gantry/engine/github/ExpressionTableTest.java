package dev.gantry.engine.github;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The expression language against GitHub's documented results (docs.github.com, "Evaluate expressions in workflows
 * and actions": literals, operators, loose equality and its number coercions, the functions and their examples),
 * one row per line: {@code expression => expected JSON}.
 */
class ExpressionTableTest {
    private static final String TABLE = """
            null                                   => null
            false                                  => false
            711                                    => 711
            -9.2                                   => -9.2
            0xff                                   => 255
            -2.99e-2                               => -0.0299
            'It''s open source!'                   => "It's open source!"
            1 == 1.0                               => true
            'abc' == 'ABC'                         => true
            'abc' != 'abd'                         => true
            null == 0                              => true
            true == 1                              => true
            false == 0                             => true
            '' == 0                                => true
            ' 123456.789 ' == 123456.789           => true
            ' 0xff ' == 255                        => true
            'abc' == 0                             => false
            NaN == NaN                             => false
            '1' == 1                               => true
            '1.0' == '1'                           => false
            fromJSON('[]') == fromJSON('[]')       => false
            1 < 2                                  => true
            'abc' < 'DEF'                          => true
            false < true                           => true
            '2' > 10                               => false
            'x' < 1                                => false
            !0                                     => true
            !''                                    => true
            !'false'                               => false
            !null                                  => true
            1 && 'a'                               => "a"
            0 && 'a'                               => 0
            '' || 'fallback'                       => "fallback"
            'x' || 'y'                             => "x"
            true || false && false                 => true
            (true || false) && false               => false
            1 == 1 && 2 > 1                        => true
            !(1 == 2)                              => true
            contains('Hello world', 'llo')         => true
            contains('Hello world', 'LLO')         => true
            contains(fromJSON('["push", "pull_request"]'), github.event_name) => true
            contains(github.event.issue.labels.*.name, 'bug') => true
            contains(fromJSON('[1, 2]'), '2')      => true
            startsWith('Hello world', 'He')        => true
            startsWith('Hello world', 'he')        => true
            endsWith('Hello world', 'ld')          => true
            endsWith('Hello world', 'LD')          => true
            format('Hello {0} {1} {2}', 'Mona', 'the', 'Octocat') => "Hello Mona the Octocat"
            format('{{Hello {0} {1} {2}!}}', 'Mona', 'the', 'Octocat') => "{Hello Mona the Octocat!}"
            format('{0}', 1.5)                     => "1.5"
            join(github.event.issue.labels.*.name, ', ') => "bug, help wanted"
            join(fromJSON('["a","b"]'))            => "a,b"
            join('abc')                            => "abc"
            toJSON(fromJSON('{"a":[1,true,null]}')) => "{\\n  \\"a\\": [\\n    1,\\n    true,\\n    null\\n  ]\\n}"
            toJSON('x')                            => "\\"x\\""
            fromJSON('{"include":[{"project":"foo"}]}').include[0].project => "foo"
            fromJSON('3') > 2                      => true
            steps.build.outputs.version            => "1.2"
            steps.build.outputs.missing            => null
            steps['build'].outputs['version']      => "1.2"
            steps.BUILD.outputs.VERSION            => "1.2"
            env.FOO                                => "bar"
            github.event.issue.labels[1].name      => "help wanted"
            github.event.issue.labels[5]           => null
            github.event.issue.labels.*.name       => ["bug", "help wanted"]
            success()                              => true
            failure()                              => false
            always()                               => true
            cancelled()                            => false
            """;

    private static final Map<String, Object> CONTEXTS = Map.of(
            "github", ExpressionValues.of(Map.of("event_name", "push", "event", Map.of("issue", Map.of("labels",
                    List.of(Map.of("name", "bug"), Map.of("name", "help wanted")))))),
            "steps", ExpressionValues.of(Map.of("build", Map.of("outputs", Map.of("version", "1.2"),
                    "outcome", "success"))),
            "env", Map.of("FOO", "bar"));

    static List<String[]> rows() {
        List<String[]> rows = new ArrayList<>();
        for (String line : TABLE.split("\n")) {
            int arrow = line.lastIndexOf("=>");
            rows.add(new String[] {line.substring(0, arrow).strip(), line.substring(arrow + 2).strip()});
        }
        return rows;
    }

    private static Object eval(String expression, boolean failed) throws ExpressionException {
        ExpressionScope scope = new ExpressionScope(CONTEXTS, failed, false, patterns -> "hash:" + patterns);
        return new ExpressionEvaluator(scope).evaluate(ExpressionParser.parse(expression));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void evaluatesAsGitHubDocuments(String expression, String expected) throws ExpressionException {
        assertThat(Json.write(eval(expression, false))).isEqualTo(Json.write(Json.read(expected)));
    }

    @Test
    void statusFunctionsFollowTheJob() throws ExpressionException {
        assertThat(eval("success()", true)).isEqualTo(false);
        assertThat(eval("failure()", true)).isEqualTo(true);
        assertThat(eval("always()", true)).isEqualTo(true);
        assertThat(ExpressionLanguage.callsStatusFunction(ExpressionParser.parse("always() && x"))).isTrue();
        assertThat(ExpressionLanguage.callsStatusFunction(ExpressionParser.parse("env.A == 'b'"))).isFalse();
    }

    @Test
    void templatesRenderEveryPartAsText() throws ExpressionException {
        Template t = Template.parse("v=${{ steps.build.outputs.version }} '${{ format('{0}}}', 'x') }}' ${{ 1 }}");
        ExpressionScope scope = new ExpressionScope(CONTEXTS, false, false, p -> "");
        assertThat(t.render(new ExpressionEvaluator(scope))).isEqualTo("v=1.2 'x}' 1");
        assertThat(Template.parse("plain").parts()).hasSize(1);
    }

    @Test
    void mistakesAreErrorsAtTheirOffset() {
        assertThatThrownBy(() -> ExpressionParser.parse("\"double\""))
                .hasMessageContaining("single quotes");
        assertThatThrownBy(() -> ExpressionParser.parse("1 == "))
                .isInstanceOfSatisfying(ExpressionException.class, e -> assertThat(e.offset()).isEqualTo(5));
        assertThatThrownBy(() -> ExpressionParser.parse("'open"))
                .hasMessageContaining("not closed");
        assertThatThrownBy(() -> Template.parse("a ${{ 1 b"))
                .hasMessageContaining("not closed");
        assertThatThrownBy(() -> ExpressionLanguage.check(ExpressionParser.parse("matrix.os == 'x'"),
                ExpressionLanguage.CONTEXTS)).hasMessageContaining("unknown context 'matrix'")
                .hasMessageContaining("no matrix");
        assertThatThrownBy(() -> ExpressionLanguage.check(ExpressionParser.parse("1 && toUpper('x')"),
                ExpressionLanguage.CONTEXTS))
                .isInstanceOfSatisfying(ExpressionException.class, e -> assertThat(e.offset()).isEqualTo(5))
                .hasMessageContaining("unknown function 'toUpper'");
        assertThatThrownBy(() -> ExpressionLanguage.check(ExpressionParser.parse("contains('a')"),
                ExpressionLanguage.CONTEXTS)).hasMessageContaining("takes 2 arguments, not 1");
        assertThatThrownBy(() -> eval("format('{1}', 'a')", false)).hasMessageContaining("no argument");
        assertThatThrownBy(() -> eval("fromJSON('{bad')", false)).hasMessageContaining("fromJSON");
        assertThatThrownBy(() -> ExpressionParser.parse("(".repeat(100) + "1" + ")".repeat(100)))
                .hasMessageContaining("nested deeper");
    }
}
