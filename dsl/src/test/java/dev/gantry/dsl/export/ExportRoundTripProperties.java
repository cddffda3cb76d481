package dev.gantry.dsl.export;

import dev.gantry.dsl.LoadedWorkflow;
import dev.gantry.dsl.groovy.GroovyWorkflowLoader;
import dev.gantry.dsl.yaml.YamlWorkflowLoader;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Configuration;
import dev.gantry.engine.model.Inputs;
import dev.gantry.engine.model.Outputs;
import dev.gantry.engine.model.Step;
import dev.gantry.engine.model.Variable;
import dev.gantry.engine.model.Workflow;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documented export promise, as a property over generated strings rather than examples (issue 11, item 7):
 * a model with any text in its free-text places (step commands, variable values, configuration values) exported to
 * YAML, or to the Groovy DSL, loads back as an equal model. The strings mix the characters YAML treats specially:
 * line breaks (trailing ones too), leading spaces, tabs, {@code #}, {@code ": "}, quotes, non-BMP characters, and
 * values that look like numbers, booleans or null.
 */
class ExportRoundTripProperties {
    private final WorkflowYamlWriter yamlWriter = new WorkflowYamlWriter();
    private final WorkflowGroovyWriter groovyWriter = new WorkflowGroovyWriter();
    private final YamlWorkflowLoader yaml = new YamlWorkflowLoader();
    private final GroovyWorkflowLoader groovy = new GroovyWorkflowLoader();

    /** Text as people and generators write it in workflow files. */
    @Provide
    static Arbitrary<String> text() {
        Arbitrary<String> mixed = Arbitraries.strings()
                .withChars(" \n\t#:'\"\\-|>!&*%@`{}[],?$".toCharArray())
                .withCharRange('a', 'e').withCharRange('0', '9')
                .withChars("\u00e9\u4e2d\u00a0\r".toCharArray())
                .ofMinLength(1).ofMaxLength(40);
        Arbitrary<String> emoji = Arbitraries.of("\uD83D\uDE00", "\uD834\uDD1E", "x\uD83D\uDE80y");
        Arbitrary<String> lookalikes = Arbitraries.of("1", "1.0", "0x1F", "1e3", ".5", "yes", "No", "on", "OFF",
                "true", "~", "null", "Null", "2024-01-01", "12:30", "-", "- a", "? x", "#", "a #b", "a: b", "*x",
                "&x", "!x", "|", ">", "'", "\"", "%x", "@x", "`x", "", " ", "  lead", "trail  ", "\t", "end\n",
                "end with newline\n\n", "\n\nlead", "\n", "\n\n\n", "a\n  b\n", " a\n b", "\ta\n", "x\r\ny");
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, mixed),
                net.jqwik.api.Tuple.of(3, lookalikes),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().all().ofMaxLength(8).map(s -> s + "\uD83D\uDE00")
                        .map(ExportRoundTripProperties::validCodePointsOnly)),
                net.jqwik.api.Tuple.of(1, emoji))
                .list().ofMinSize(1).ofMaxSize(3).map(parts -> String.join("", parts));
    }

    /** Lone surrogates cannot be written in a UTF-8 file at all; everything else may appear. */
    static String validCodePointsOnly(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else if (!Character.isSurrogate(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Three actions (so that what follows a value is another block), each text in a free-text place. */
    static Workflow workflowWith(List<String> texts) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("Plain", texts.get(0));
        properties.put("Listed", List.of(texts.get(texts.size() - 1), "after"));
        properties.put("Nested", Map.of("Inner", texts.get(texts.size() / 2)));
        List<Step> steps = texts.stream().map(Step::new).toList();
        List<Variable> variables = texts.stream().map(t -> new Variable("V", t)).limit(1).toList();
        Action first = new Action("First", null, "aws/build@v1", List.of(), null, null, null, Map.of(),
                new Inputs(List.of("WorkflowSource"), List.of(), variables), Outputs.NONE,
                new Configuration(steps, null, Map.of()));
        Action custom = new Action("Custom", null, "example/custom@v1", List.of("First"), null, null, null,
                Map.of(), new Inputs(List.of("WorkflowSource"), List.of(), List.of()), Outputs.NONE,
                new Configuration(List.of(), null, properties));
        Action last = new Action("Last", null, "aws/build@v1", List.of("Custom"), null, null, null, Map.of(),
                new Inputs(List.of("WorkflowSource"), List.of(), List.of()), Outputs.NONE,
                new Configuration(List.of(new Step(texts.get(0))), null, Map.of()));
        return new Workflow("w", "1.0", null, null, List.of(), List.of(first, custom, last));
    }

    @Property(tries = 300)
    @Tag("roundtrip")
    void yamlExportLoadsBackEqual(@ForAll("texts") List<String> texts) {
        Workflow model = workflowWith(texts);
        String text = yamlWriter.write(model);
        LoadedWorkflow back = yaml.parse(text, "exported.yaml");
        assertThat(back.workflow()).as(text).isEqualTo(model);
    }

    @Property(tries = 25)
    @Tag("roundtrip")
    void groovyExportLoadsBackEqual(@ForAll("texts") List<String> texts) {
        Workflow model = workflowWith(texts);
        String dsl = groovyWriter.write(model, List.of());
        LoadedWorkflow back = groovy.load(dsl, "exported.groovy");
        assertThat(back.workflow()).as(dsl + "\n" + back.diagnostics()).isEqualTo(model);
    }

    @Provide
    Arbitrary<List<String>> texts() {
        return text().list().ofMinSize(1).ofMaxSize(4);
    }
}
